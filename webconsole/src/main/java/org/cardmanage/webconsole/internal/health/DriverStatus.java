package org.cardmanage.webconsole.internal.health;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/** Judges one driver from what the service registry shows of it. */
final class DriverStatus {
    /**
     * @param name the reader name
     * @param cardPresent whether a card is in it
     */
    record Reader(String name, boolean cardPresent) {
    }

    /**
     * What a driver declares in its {@code org.cardmanage.driver} capability, if it declares one.
     *
     * @param conditionId the {@code osgi.condition.id} of the Condition service it registers while its backing
     *     service is reachable, or null if it has none
     * @param description what that backing service is, e.g. "the PC/SC service (pcscd)"
     */
    record Declaration(String conditionId, String description) {
        static final Declaration NONE = new Declaration(null, null);
    }

    private DriverStatus() {
    }

    /**
     * CRITICAL when the driver's backing service is unreachable, WARN when it offers no reader, OK otherwise.
     *
     * @param driver the driver name
     * @param readers its readers now registered
     * @param declaration what it declared
     * @param available whether its availability condition is registered (ignored without one)
     */
    static Result evaluate(String driver, List<Reader> readers, Declaration declaration, boolean available) {
        ResultLog log = new ResultLog();
        String service = declaration.description() != null ? declaration.description() : "its backing service";
        if (declaration.conditionId() != null) {
            if (available) {
                log.add(new ResultLog.Entry(Result.Status.OK, "driver '" + driver + "': " + service
                        + " is reachable"));
            } else {
                log.add(new ResultLog.Entry(Result.Status.CRITICAL, "driver '" + driver + "': " + service
                        + " is not reachable (no " + declaration.conditionId() + " condition)"));
            }
        }
        if (readers.isEmpty()) {
            log.add(new ResultLog.Entry(Result.Status.WARN, "driver '" + driver + "' offers no readers"));
        } else {
            String list = readers.stream()
                    .map(reader -> reader.name() + (reader.cardPresent() ? " (card)" : " (empty)"))
                    .sorted().collect(Collectors.joining(", "));
            log.add(new ResultLog.Entry(Result.Status.OK, "driver '" + driver + "' offers " + readers.size()
                    + (readers.size() == 1 ? " reader: " : " readers: ") + list));
        }
        return new Result(log);
    }
}
