package io.sluice.standalone;

import io.sluice.platform.mysql.MysqlUrl;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.TenancyProperties;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a fresh standalone a working API key: before the context starts (after the embedded
 * servers, so MySQL is known), when no bootstrap key is configured
 * ({@code sluice.tenancy.bootstrap-api-key}, env {@code SLUICE_BOOTSTRAP_API_KEY}):
 * <ul>
 * <li>reuses the key saved in {@code <data-dir>/bootstrap-api-key} by an earlier start, or</li>
 * <li>when no valid key exists in MySQL yet, generates one, saves it there (mode 0600, so
 * {@code run.sh} can hand it to the demo app) and prints it once in a banner on standard output.</li>
 * </ul>
 * The key then becomes the configured bootstrap key: tenancy stores its hash for the bootstrap
 * tenant and the console uses it. Keys are never logged.
 */
final class BootstrapKeyListener implements SmartApplicationListener {

    /** Name of the file the generated key is saved in, under the data directory. */
    static final String KEY_FILE = "bootstrap-api-key";

    private static final Logger log = LoggerFactory.getLogger(BootstrapKeyListener.class);
    private static final String PROPERTY = "sluice.tenancy.bootstrap-api-key";

    private final PrintStream out;

    BootstrapKeyListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
    }

    /** After {@link EmbeddedServersListener}, which decides where MySQL is. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 110;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        ConfigurableEnvironment environment = ((ApplicationEnvironmentPreparedEvent) event).getEnvironment();
        if (hasText(environment.getProperty(PROPERTY)) || hasText(environment.getProperty(TenancyProperties.BOOTSTRAP_KEY_ENV))) {
            return;
        }
        StandaloneProperties props = Binder.get(environment).bindOrCreate("sluice.standalone", StandaloneProperties.class);
        Path file = props.dataDir().resolve(KEY_FILE).toAbsolutePath().normalize();
        String key = saved(file);
        if (key != null) {
            log.info("Using the bootstrap API key saved in {}", file);
        } else if (anyValidKeyStored(environment.getProperty("sluice.mysql.url", "mysql://root@127.0.0.1:3306/sluice"))) {
            log.warn("No bootstrap API key is configured and {} does not exist, but API keys exist already: none is generated. "
                    + "The console's overview needs one: set {} (env {}).", file, PROPERTY, TenancyProperties.BOOTSTRAP_KEY_ENV);
            return;
        } else {
            key = ApiKeyFormat.generate();
            save(file, key);
            banner(key, Binder.get(environment).bind("sluice.tenancy.bootstrap-tenant", String.class).orElse("default"), file);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("sluiceBootstrapApiKey", Map.of(PROPERTY, key)));
    }

    private static String saved(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            return key.isEmpty() ? null : key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved bootstrap API key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether the tenancy tables exist and hold a key that is not revoked. */
    private static boolean anyValidKeyStored(String mysqlUrl) {
        MysqlUrl url = MysqlUrl.parse(mysqlUrl);
        try (Connection c = DriverManager.getConnection(url.jdbcServerUrl(), url.user(), url.password());
                PreparedStatement tables = c.prepareStatement(
                        "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'api_key'")) {
            tables.setString(1, url.database());
            try (ResultSet rs = tables.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
            }
            try (PreparedStatement keys = c.prepareStatement("SELECT 1 FROM `" + url.database() + "`.api_key WHERE revoked_at IS NULL LIMIT 1");
                    ResultSet rs = keys.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            // MySQL unreachable: the start fails just after with a clear message from the migrations.
            log.warn("cannot check for existing API keys in MySQL at {}:{}: {}", url.host(), url.port(), e.getMessage());
            return false;
        }
    }

    private static void save(Path file, String key) {
        try {
            Files.createDirectories(file.getParent());
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the generated bootstrap API key to " + file + ": " + e.getMessage(), e);
        }
    }

    private void banner(String key, String tenant, Path file) {
        String line = "=".repeat(78);
        out.println();
        out.println(line);
        out.println(" Sluice generated an API key for tenant '" + tenant + "'. It is shown only this once:");
        out.println();
        out.println("     " + key);
        out.println();
        out.println(" Sign in to the console (http://localhost:8080/login by default) by pasting it.");
        out.println(" Send it with every request: HTTP 'Authorization: Bearer <key>', gRPC metadata");
        out.println(" 'authorization: Bearer <key>', agents: sluice.agent.api-key=<key>.");
        out.println(" Saved (mode 0600) to " + file + " for run.sh and later starts;");
        out.println(" only its SHA-256 is stored in the database.");
        out.println(line);
        out.println();
        out.flush();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
