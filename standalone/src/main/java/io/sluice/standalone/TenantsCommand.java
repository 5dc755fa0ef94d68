package io.sluice.standalone;

import io.sluice.platform.tenant.ApiKeyInfo;
import io.sluice.platform.tenant.IssuedApiKey;
import io.sluice.platform.tenant.Tenant;
import io.sluice.platform.tenant.TenancyConfiguration;
import io.sluice.platform.tenant.TenantAdmin;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Administers tenants and API keys from the command line, against the same MySQL and Redis as a
 * running Sluice (by default the standalone's embedded ones, 127.0.0.1:13306 and :16379; override
 * with {@code --sluice.mysql.url=…}, {@code --sluice.redis.url=…} or the usual environment
 * variables). A revocation is announced on Redis, so running instances refuse the key at once.
 *
 * <pre>
 * java -Dloader.main=io.sluice.standalone.TenantsCommand -jar standalone/target/standalone-*-exec.jar &lt;command&gt;
 *   tenants                     list tenants
 *   create-tenant ID [NAME]     create a tenant (ID: lower-case letters, digits, - and _)
 *   keys TENANT                 list a tenant's keys (id, prefix, state)
 *   create-key TENANT [NAME]    issue a key; its text is printed once and stored only hashed
 *   revoke-key KEY_ID           revoke a key everywhere
 * </pre>
 */
public final class TenantsCommand {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Object> DEFAULTS = Map.of(
            "sluice.mysql.url", "mysql://root@127.0.0.1:13306/sluice",
            "sluice.redis.url", "redis://127.0.0.1:16379",
            "logging.level.root", "WARN",
            "spring.main.log-startup-info", "false");

    private TenantsCommand() {
    }

    /** Tenancy alone: store, lookup, invalidation. */
    @Configuration(proxyBeanMethods = false)
    @Import(TenancyConfiguration.class)
    static class Wiring {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; answers the process exit code (0 done, 1 failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (words.isEmpty() || !usageFits(words)) {
            err.println("""
                    usage: <command> [--sluice.mysql.url=…] [--sluice.redis.url=…]
                      tenants | create-tenant ID [NAME] | keys TENANT | create-key TENANT [NAME] | revoke-key KEY_ID""");
            return 2;
        }
        String[] options = Arrays.stream(args).filter(a -> a.startsWith("--")).toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Wiring.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .properties(DEFAULTS)
                .run(options)) {
            return execute(context.getBean(TenantAdmin.class), words, out);
        } catch (RuntimeException e) {
            err.println("failed: " + rootMessage(e));
            return 1;
        }
    }

    private static boolean usageFits(List<String> words) {
        return switch (words.get(0)) {
            case "tenants" -> words.size() == 1;
            case "create-tenant", "create-key" -> words.size() == 2 || words.size() == 3;
            case "keys" -> words.size() == 2;
            case "revoke-key" -> words.size() == 2 && words.get(1).matches("\\d{1,18}");
            default -> false;
        };
    }

    private static int execute(TenantAdmin admin, List<String> words, PrintStream out) {
        String name = words.size() > 2 ? words.get(2) : null;
        switch (words.get(0)) {
            case "tenants" -> admin.tenants().toStream().forEach(t -> out.println(t.id() + "\t" + t.name()));
            case "create-tenant" -> {
                Tenant t = admin.createTenant(words.get(1), name).block(TIMEOUT);
                out.println("created tenant " + t.id());
            }
            case "keys" -> admin.keys(words.get(1)).toStream().forEach(k -> out.println(describe(k)));
            case "create-key" -> {
                IssuedApiKey issued = admin.createKey(words.get(1), name == null ? "" : name).block(TIMEOUT);
                out.println("key " + issued.info().id() + " for tenant " + issued.info().tenantId() + " (shown only now):");
                out.println(issued.key());
            }
            case "revoke-key" -> {
                boolean revoked = Boolean.TRUE.equals(admin.revokeKey(Long.parseLong(words.get(1))).block(TIMEOUT));
                out.println(revoked ? "revoked key " + words.get(1) : "no valid key " + words.get(1) + " (unknown or revoked already)");
                return revoked ? 0 : 1;
            }
            default -> throw new IllegalStateException("unreachable: " + words.get(0));
        }
        return 0;
    }

    private static String describe(ApiKeyInfo k) {
        return k.id() + "\t" + k.prefix() + "…\t" + (k.revoked() ? "revoked " + Instant.ofEpochMilli(k.revokedAtMillis()) : "valid")
                + "\t" + k.name();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
