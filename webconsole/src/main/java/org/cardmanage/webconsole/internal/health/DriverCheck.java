package org.cardmanage.webconsole.internal.health;

import java.util.ArrayList;
import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The health check of one driver: its readers and, if it declares one, its availability condition. */
final class DriverCheck implements HealthCheck {
    private static final String CONDITION = "org.osgi.service.condition.Condition";

    private final BundleContext context;
    private final String driver;

    DriverCheck(BundleContext context, String driver) {
        this.context = context;
        this.driver = driver;
    }

    @Override
    public Result execute() {
        List<DriverStatus.Reader> readers = new ArrayList<>();
        for (ServiceReference<?> reference : DriverHealthChecks.transports(context)) {
            if (driver.equals(String.valueOf(reference.getProperty(ReaderTransport.DRIVER_NAME)))) {
                readers.add(new DriverStatus.Reader(String.valueOf(reference.getProperty(ReaderTransport.READER_NAME)),
                        Boolean.TRUE.equals(reference.getProperty(ReaderTransport.CARD_PRESENT))));
            }
        }
        DriverStatus.Declaration declaration = DriverHealthChecks.declarations(context)
                .getOrDefault(driver, DriverStatus.Declaration.NONE);
        boolean available = declaration.conditionId() == null || conditionRegistered(declaration.conditionId());
        return DriverStatus.evaluate(driver, readers, declaration, available);
    }

    private boolean conditionRegistered(String id) {
        try {
            // By name: the check needs no Condition class, and sees a condition from any class space.
            return context.getAllServiceReferences(CONDITION, "(osgi.condition.id=" + id + ")") != null;
        } catch (InvalidSyntaxException e) {
            return false; // an id with filter syntax in it names no condition we can find
        }
    }
}
