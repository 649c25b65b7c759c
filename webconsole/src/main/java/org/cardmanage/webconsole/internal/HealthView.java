package org.cardmanage.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;

/** The results of the health checks tagged {@value #TAG}, for the page. */
final class HealthView {
    /** The tag of every cardmanage health check. */
    static final String TAG = "cardmanage";

    private HealthView() {
    }

    /** @return one map per check (name, status, messages); empty without the health check executor */
    static List<Map<String, Object>> of(HealthCheckExecutor executor) {
        if (executor == null) {
            return List.of();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HealthCheckExecutionResult execution : executor.execute(HealthCheckSelector.tags(TAG))) {
            Result result = execution.getHealthCheckResult();
            List<String> messages = new ArrayList<>();
            for (ResultLog.Entry entry : result) {
                if (!entry.isDebug()) {
                    messages.add(entry.getStatus() + " " + entry.getMessage());
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", execution.getHealthCheckMetadata().getName());
            row.put("status", result.getStatus().name());
            row.put("messages", messages);
            rows.add(row);
        }
        return rows;
    }
}
