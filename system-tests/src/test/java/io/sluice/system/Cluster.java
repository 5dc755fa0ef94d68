package io.sluice.system;

import io.sluice.admin.AdminApplication;
import io.sluice.alert.AlertApplication;
import io.sluice.analytics.AnalyticsApplication;
import io.sluice.ingest.IngestApplication;
import io.sluice.pipeline.PipelineApplication;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every Sluice service started as its own Spring application (its own context, HTTP port and, where
 * it has one, gRPC port) in the test JVM, against the real Redis and MariaDB on 127.0.0.1 with a
 * key prefix and a database of its own, so that test classes never see each other's data. Every
 * service gets the same random bootstrap key ({@link #apiKey}, tenant {@code default}).
 */
final class Cluster implements AutoCloseable {

    final String keyPrefix = "st:" + UUID.randomUUID() + ":";
    final String database = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final String mysqlUrl = "mysql://root@127.0.0.1:3306/" + database;
    final int ingestGrpcPort = freePort();
    final int alertGrpcPort = freePort();
    final String apiKey = ApiKeyFormat.generate();

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    ConfigurableApplicationContext ingest;
    ConfigurableApplicationContext pipeline;
    ConfigurableApplicationContext analytics;
    ConfigurableApplicationContext alert;
    ConfigurableApplicationContext admin;

    Cluster start() {
        alert = run(AlertApplication.class, Map.of("spring.grpc.server.enabled", true, "spring.grpc.server.port", alertGrpcPort));
        ingest = run(IngestApplication.class, Map.of("spring.grpc.server.enabled", true, "spring.grpc.server.port", ingestGrpcPort));
        pipeline = run(PipelineApplication.class, Map.of());
        analytics = run(AnalyticsApplication.class, Map.of(
                "sluice.analytics.alert-target", "static://127.0.0.1:" + alertGrpcPort,
                "sluice.analytics.matcher-refresh", "500ms"));
        admin = run(AdminApplication.class, Map.of("sluice.admin.analytics-url", "http://127.0.0.1:" + httpPort(analytics)));
        return this;
    }

    ConfigurableApplicationContext run(Class<?> application, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", 0);
        props.put("sluice.redis.url", "redis://127.0.0.1:6379");
        props.put("sluice.redis.key-prefix", keyPrefix);
        props.put("sluice.mysql.url", mysqlUrl);
        props.put("sluice.tenancy.bootstrap-api-key", apiKey);
        props.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        props.put("spring.grpc.server.enabled", false);
        props.put("sluice.ingest.syslog.tcp.port", 0);
        props.put("sluice.ingest.syslog.udp.port", 0);
        props.put("sluice.ingest.json-tcp.port", 0);
        props.putAll(extra);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application)
                .properties(props)
                .run();
        contexts.add(ctx);
        return ctx;
    }

    static int httpPort(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    String baseUrl(ConfigurableApplicationContext ctx) {
        return "http://127.0.0.1:" + httpPort(ctx);
    }

    long sql(String query) {
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + database, "root", "");
                var rs = c.createStatement().executeQuery(ArchiveSnapshot.prepare(c, query))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        try (var c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (SQLException ignored) {
            // the database is unique to this run; leaving it behind harms nothing
        }
    }
}
