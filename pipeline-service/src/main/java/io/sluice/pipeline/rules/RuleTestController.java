package io.sluice.pipeline.rules;

import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.pipeline.stage.PipelineEvent;
import io.sluice.platform.tenant.RequestTenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/pipeline/rules/test}: runs rules over sample lines and says what each line
 * becomes (kept or dropped and by which rule, message, fields, retention class), so the console
 * can offer a test box. The rules are those in the body, or, when the body has none, the rules
 * this instance applies to the key's tenant now. Nothing is stored.
 */
@RestController
public class RuleTestController {

    private final RuleValidator validator;
    private final RuleSnapshots snapshots;
    private final RequestTenants tenants;
    private final int maxLines;

    /** Tries rules checked by {@code validator}, or the tenant's from {@code snapshots}. */
    public RuleTestController(RuleValidator validator, RuleSnapshots snapshots, RequestTenants tenants, int maxLines) {
        this.validator = validator;
        this.snapshots = snapshots;
        this.tenants = tenants;
        this.maxLines = maxLines;
    }

    /**
     * The request.
     *
     * @param rules rules to try, in order (null: the tenant's current rules)
     * @param lines the sample events
     */
    public record TestRequest(List<RuleRequest> rules, List<SampleLine> lines) {
    }

    /**
     * One sample event; only {@code message} is required.
     *
     * @param id event id (decides sampling; a random one when absent)
     * @param service service label
     * @param host host label
     * @param level level label
     * @param message the log line
     * @param fields fields as the parse stage would have extracted them
     */
    public record SampleLine(String id, String service, String host, String level, String message, Map<String, String> fields) {
    }

    /**
     * What became of one line.
     *
     * @param kept whether the line is kept
     * @param droppedBy the rule that dropped it (drop or sample), or null
     * @param appliedRules the rules whose match selected the line, in order
     * @param service service label after the rules
     * @param host host label
     * @param level level label
     * @param message message after the rules (masked)
     * @param fields fields after the rules
     * @param retentionClass retention class routed to ({@code ""}: the tenant's default)
     */
    public record LineResult(boolean kept, String droppedBy, List<String> appliedRules, String service, String host, String level,
            String message, Map<String, String> fields, String retentionClass) {
    }

    /** {@code {"results": [...]}}, one per line, in order. */
    @PostMapping(path = "/api/v1/pipeline/rules/test", consumes = "application/json", produces = "application/json")
    public Mono<Map<String, List<LineResult>>> test(@RequestHeader HttpHeaders headers, @RequestBody(required = false) TestRequest body) {
        return tenants.tenantOf(headers).map(tenant -> Map.of("results", run(tenant, body)));
    }

    private List<LineResult> run(String tenant, TestRequest body) {
        if (body == null || body.lines() == null || body.lines().isEmpty()) {
            throw new RuleValidationException(Map.of("lines", "required: at least one sample line {\"message\": \"…\"}"));
        }
        if (body.lines().size() > maxLines) {
            throw new RuleValidationException(Map.of("lines", "at most " + maxLines + " lines per test, got " + body.lines().size()));
        }
        for (int i = 0; i < body.lines().size(); i++) {
            SampleLine line = body.lines().get(i);
            if (line == null || line.message() == null) {
                throw new RuleValidationException(Map.of("lines[" + i + "].message", "required"));
            }
        }
        List<CompiledRule> rules;
        if (body.rules() == null) {
            rules = snapshots.of(tenant).rules();
        } else {
            rules = new ArrayList<>();
            for (RuleDraft d : validator.validateAll(body.rules())) {
                if (d.enabled()) {
                    rules.add(RuleCompiler.compile(0, d));
                }
            }
        }
        List<LineResult> results = new ArrayList<>(body.lines().size());
        for (SampleLine line : body.lines()) {
            results.add(apply(tenant, rules, line));
        }
        return results;
    }

    private static LineResult apply(String tenant, List<CompiledRule> rules, SampleLine line) {
        PipelineEvent e = new PipelineEvent(LogEvent.newBuilder()
                .setId(line.id() == null || line.id().isBlank() ? EventIds.next() : line.id())
                .setTenant(tenant)
                .setService(orEmpty(line.service()))
                .setHost(orEmpty(line.host()))
                .setLevel(line.level() == null ? "INFO" : line.level())
                .setMessage(line.message())
                .build());
        if (line.fields() != null) {
            line.fields().forEach((k, v) -> {
                if (k != null && v != null) {
                    e.fields().put(k, v);
                }
            });
        }
        List<String> applied = new ArrayList<>();
        boolean kept = RuleCompiler.applyAll(rules, e, applied);
        return new LineResult(kept, kept ? null : applied.get(applied.size() - 1), applied, e.service(), e.host(), e.level(),
                e.message(), e.fields(), e.retentionClass());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
