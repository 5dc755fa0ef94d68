package io.sluice.bench;

import io.sluice.ingest.auth.BootstrapKeyAuthenticator;
import io.sluice.ingest.auth.StoreTenantAuthenticator;
import io.sluice.ingest.auth.TenantAuthenticator;
import io.sluice.platform.tenant.ApiKeyFormat;
import io.sluice.platform.tenant.ApiKeyLookup;
import io.sluice.platform.tenant.TenancyProperties;
import io.sluice.platform.tenant.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * What authenticating one ingest request costs once its key is cached, per call on the request's
 * thread, against the walking skeleton's one-configured-key check in the same run:
 * <ul>
 *   <li>{@code storeCached}: {@link StoreTenantAuthenticator} over {@link ApiKeyLookup} (SHA-256 of
 *       the key, Caffeine lookup), 1,000 valid keys cached; every call uses one of them in turn.
 *       The store behind it answers from a map, and only for the first call per key: the steady
 *       state never reaches MySQL;</li>
 *   <li>{@code singleKey}: {@link BootstrapKeyAuthenticator}, one key compared in constant time (the
 *       baseline: no tenants, no store).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ApiKeyLookupBenchmark {

    private static final int KEYS = 1000;

    @Param({"storeCached", "singleKey"})
    public String authenticator;

    private TenantAuthenticator subject;
    private String[] keys;
    private int next;

    @Setup
    public void setUp() {
        keys = IntStream.range(0, KEYS).mapToObj(i -> ApiKeyFormat.generate()).toArray(String[]::new);
        if (authenticator.equals("singleKey")) {
            keys = new String[] {keys[0]};
            subject = new BootstrapKeyAuthenticator("default", keys[0]);
            return;
        }
        Map<String, String> tenants = IntStream.range(0, KEYS).boxed()
                .collect(Collectors.toMap(i -> ApiKeyFormat.hashHex(keys[i]), i -> "tenant-" + (i % 10)));
        TenantStore store = new TenantStore(null, Clock.systemUTC()) {
            @Override
            public Mono<String> tenantForKeyHash(byte[] hash) {
                return Mono.justOrEmpty(tenants.get(HexFormat.of().formatHex(hash)));
            }
        };
        ApiKeyLookup lookup = new ApiKeyLookup(store, new TenancyProperties(null, "default", 10_000,
                Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(10)));
        subject = new StoreTenantAuthenticator(lookup);
        for (String key : keys) {
            subject.tenantFor(key).block();
        }
    }

    @Benchmark
    public String authenticate() {
        String key = keys[next];
        next = next + 1 == keys.length ? 0 : next + 1;
        return subject.tenantFor(key).block();
    }
}
