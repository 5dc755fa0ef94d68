package io.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sluice.platform.tenant.ApiKeyFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The tenants command against the real MariaDB and Redis: create, list, issue, revoke (announced on Redis). */
class TenantsCommandTest {

    private static final String DATABASE = "sluice_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    private static final String PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final String[] SERVERS = {
        "--sluice.mysql.url=mysql://root@127.0.0.1:3306/" + DATABASE,
        "--sluice.redis.url=redis://127.0.0.1:6379",
        "--sluice.redis.key-prefix=" + PREFIX,
    };

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + DATABASE + "`");
        }
    }

    @Test
    void createsTenantsIssuesKeysOnceAndRevokesThemEverywhere() {
        assertThat(run("create-tenant", "acme", "Acme Inc").out()).contains("created tenant acme");
        assertThat(run("tenants").out()).contains("acme\tAcme Inc");

        Result issued = run("create-key", "acme", "agents");
        assertThat(issued.code()).isZero();
        String key = issued.out().lines().filter(l -> l.startsWith("slk_")).findFirst().orElseThrow();
        assertThat(key).matches("slk_[A-Za-z0-9_-]{43}");
        String keyId = issued.out().replaceAll("(?s)^key (\\d+) .*", "$1");

        Result listed = run("keys", "acme");
        assertThat(listed.out()).contains(keyId + "\t" + key.substring(0, 8) + "…\tvalid\tagents").doesNotContain(key);

        List<String> announced = new CopyOnWriteArrayList<>();
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    announced.add(message);
                }
            });
            sub.sync().subscribe(PREFIX + "tenancy:invalidate");
            assertThat(run("revoke-key", keyId).out()).contains("revoked key " + keyId);
            await().until(() -> announced.contains(ApiKeyFormat.hashHex(key)));
        } finally {
            client.shutdown();
        }
        assertThat(run("keys", "acme").out()).contains("\trevoked ");
        assertThat(run("revoke-key", keyId).code()).isEqualTo(1);
    }

    @Test
    void explainsUsageAndFailures() {
        assertThat(TenantsCommand.run(new String[0], new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                .isEqualTo(2);
        assertThat(run("revoke-key", "abc").code()).isEqualTo(2);
        Result bad = run("create-tenant", "Not Valid");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("lower-case");
        assertThat(run("create-key", "no-such-tenant").err()).contains("there is no tenant 'no-such-tenant'");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[words.length + SERVERS.length];
        System.arraycopy(words, 0, args, 0, words.length);
        System.arraycopy(SERVERS, 0, args, words.length, SERVERS.length);
        int code = TenantsCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
