package org.cardmanage.itests.web;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;

import java.util.List;
import java.util.Optional;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;
import org.apache.felix.hc.api.execution.HealthCheckExecutionOptions;
import org.apache.felix.hc.api.execution.HealthCheckExecutionResult;
import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.apache.felix.hc.api.execution.HealthCheckSelector;
import org.cardmanage.itests.CardmanageTestBase;
import org.ops4j.pax.exam.Option;

/**
 * The health check tests' common part: Felix Health Checks (api, core and what they import: EventAdmin, the Jakarta
 * Servlet and OSGi Servlet APIs, slf4j 1.7) and the cardmanage webconsole bundle, which registers the checks; no HTTP
 * service is needed for them. Results are read through the {@link HealthCheckExecutor}, as {@code hc:exec} does.
 */
public final class HealthChecks {
    /** The tag every cardmanage check carries. */
    public static final String TAG = "cardmanage";
    public static final String CORE = "cardmanage core";
    public static final String SIM = "cardmanage driver sim";
    public static final String PCSC = "cardmanage driver pcsc";

    private HealthChecks() {
    }

    /** @return the bundles to add to a framework for the health checks */
    public static Option options() {
        String slf4j = System.getProperty("web.slf4j.version", "1.7.36");
        return composite(
                mavenBundle("org.apache.felix", "org.apache.felix.http.servlet-api").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.servlet").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.eventadmin").versionAsInProject(),
                mavenBundle("org.slf4j", "slf4j-api", slf4j),
                mavenBundle("org.slf4j", "slf4j-nop", slf4j),
                mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.api").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.healthcheck.core").versionAsInProject(),
                bundle(CardmanageTestBase.reactorBundleLocation("webconsole")).start());
    }

    /** @return the results of every check tagged {@value #TAG}, executed now (no cached result) */
    public static List<HealthCheckExecutionResult> run(HealthCheckExecutor executor) {
        return executor.execute(HealthCheckSelector.tags(TAG),
                new HealthCheckExecutionOptions().setForceInstantExecution(true));
    }

    /** @return the result of the named check, run now; empty if no such check is registered */
    public static Optional<Result> result(HealthCheckExecutor executor, String name) {
        return run(executor).stream().filter(r -> name.equals(r.getHealthCheckMetadata().getName())).findFirst()
                .map(HealthCheckExecutionResult::getHealthCheckResult);
    }

    /** @return the check's status, or null if it is not registered */
    public static Result.Status status(HealthCheckExecutor executor, String name) {
        return result(executor, name).map(Result::getStatus).orElse(null);
    }

    /** @return the check's messages, one line each, for assertions and failure messages */
    public static String messages(HealthCheckExecutor executor, String name) {
        return result(executor, name).map(HealthChecks::messages).orElse("(no check named '" + name + "')");
    }

    static String messages(Result result) {
        StringBuilder text = new StringBuilder();
        for (ResultLog.Entry entry : result) {
            text.append(entry.getStatus()).append(' ').append(entry.getMessage()).append('\n');
        }
        return text.toString();
    }
}
