package org.cardmanage.core.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.core.internal.arbitration.DriverWatchdog;
import org.cardmanage.core.internal.arbitration.LockReaper;
import org.cardmanage.core.internal.attachment.AttachmentOwner;
import org.cardmanage.core.internal.attachment.Connector;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.attachment.CoreCardHandle;
import org.cardmanage.core.internal.attachment.CoreContext;
import org.cardmanage.core.internal.attachment.ReaderSlot;
import org.cardmanage.core.internal.config.ConfigurationReader;
import org.cardmanage.core.internal.config.CoreConfiguration;
import org.cardmanage.core.internal.config.CoreSettings;
import org.cardmanage.core.internal.event.EventBus;
import org.cardmanage.core.internal.plugin.CardServices;
import org.cardmanage.core.internal.reader.CardLocator;
import org.cardmanage.core.internal.reader.ReaderSlots;
import org.cardmanage.core.internal.reader.ReaderSnapshot;
import org.cardmanage.spi.CardServiceFactory;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The heart of the card manager: follows the reader transports, listeners and card-service plugins in the service
 * registry (one {@link ReaderSlot} per reader name, kept by {@link ReaderSlots}), and serves the per-bundle
 * {@link BundleCardManager}s.
 */
@Component(service = {}, immediate = true, configurationPid = CoreConfiguration.PID)
@Designate(ocd = CoreConfiguration.class)
public final class CardCore implements CoreContext.Observer {
    private final ReaderSlots readerSlots;
    private final EventBus events = new EventBus();
    private final CardLocator locator = new CardLocator();
    private final ExecutorService worker;
    private final LockReaper reaper;
    private final DriverWatchdog watchdog;
    private final CoreContext context;
    private final CardServices cardServices;
    private final ReaderSnapshot readers;
    private volatile CoreSettings settings;

    private String reportedProblem;
    private final AtomicReference<CoreServices> services = new AtomicReference<>();

    /**
     * The component, built by SCR; its settings and services come with {@link #activate}. Its only other entry points
     * are the SCR methods below (bind, updated, unbind, modified, deactivate), which unit tests drive as SCR would.
     */
    public CardCore() {
        this.settings = CoreSettings.DEFAULTS;
        // Idle workers go after 5 s: a burst's threads (hung drivers' disconnects, expiries, bids) are given back soon.
        this.worker = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new NamedThreadFactory("cardmanage-worker"));
        this.reaper = new LockReaper(() -> this.settings.lockIdleTimeout().toNanos(), worker);
        this.cardServices = new CardServices(worker);
        this.context = new CoreContext(() -> this.settings, this, reaper, worker, cardServices);
        this.readerSlots = new ReaderSlots(context);
        this.readers = new ReaderSnapshot(readerSlots::all);
        this.watchdog = new DriverWatchdog(() -> this.settings.driverCallTimeout().toNanos(), readerSlots::all);
    }

    /**
     * Reads the configuration strictly ({@link ConfigurationReader}): one that cannot be read entirely leaves the core
     * denying every attach until it is fixed, with one log line naming the property, its value and what is expected.
     * Then registers the core's services ({@link CoreServices}): after the readers present now are bound, so that a
     * client never sees a card manager without them.
     */
    @Activate
    public void activate(BundleContext context, Map<String, Object> properties) {
        modified(properties);
        services.set(CoreServices.register(context, this, properties));
    }

    /** A changed configuration applies at once, without a restart; read as at activation. */
    @Modified
    public void modified(Map<String, Object> properties) {
        settings = ConfigurationReader.read(properties);
        reportProblem();
        CoreServices registered = services.get();
        if (registered != null) {
            registered.configurationChanged(properties);
        }
    }

    /** Logs once when the configuration becomes unreadable (or its problem changes), and once when it is fixed. */
    private synchronized void reportProblem() {
        String problem = settings.accessPolicy().problem().orElse(null);
        if (Objects.equals(problem, reportedProblem)) {
            return;
        }
        if (problem != null) {
            CoreLog.warn("configuration " + CoreConfiguration.PID + " cannot be read: " + problem
                    + "; every attach is denied until it is fixed");
        } else {
            CoreLog.info("configuration " + CoreConfiguration.PID + " is readable again; attaches follow its access "
                    + "policy");
        }
        reportedProblem = problem;
    }

    /** @return why the configuration could not be read, while it cannot (every attach is denied meanwhile) */
    public Optional<String> configurationProblem() {
        return settings.accessPolicy().problem();
    }

    @Deactivate
    public void deactivate() {
        CoreServices registered = services.getAndSet(null);
        if (registered != null) {
            registered.unregister();
        }
        // Withdrawing the services detached every bundle's attachments: the disconnects they owe (RESET by default)
        // must reach the drivers before the worker pool goes, within one transmit wait in all.
        long deadline = System.nanoTime() + settings.transmitWait().toNanos();
        for (ReaderSlot slot : readerSlots.all()) {
            if (!slot.settle(deadline)) {
                CoreLog.warn("reader '" + slot.name() + "' still had a driver call or an owed disconnect when the "
                        + "core stopped");
            }
        }
        locator.cancelAll();
        reaper.close();
        watchdog.close();
        events.close();
        worker.shutdown();
    }

    public CoreSettings settings() {
        return settings;
    }

    // ---- readers --------------------------------------------------------------------------------------------------

    @Reference(
            service = ReaderTransport.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            updated = "updateReader",
            unbind = "removeReader")
    public void addReader(ServiceReference<ReaderTransport> reference, ReaderTransport transport) {
        readerSlots.register(reference, transport, propertiesOf(reference));
    }

    public void updateReader(ServiceReference<ReaderTransport> reference) {
        readerSlots.modified(reference, propertiesOf(reference));
    }

    public void removeReader(ServiceReference<ReaderTransport> reference) {
        Bundle driver = reference.getBundle();
        if (driver != null && driver.getState() == Bundle.STOPPING) {
            // Its other readers go next, one unregistration at a time through SCR and the framework: revoke them all
            // now, so that their attachments are not kept waiting behind the framework's bookkeeping.
            readerSlots.unregisterAll(key -> key instanceof ServiceReference<?> other && other.getBundle() == driver,
                    "driver " + driver + " is stopping");
        }
        Object told = reference.getProperty(ReaderTransport.GONE_REASON);
        String reason = told instanceof String given && !given.isBlank() ? "its driver says: " + given
                : "its transport service was unregistered (driver " + driver + " stopped or the reader was unplugged)";
        readerSlots.unregister(reference, reason);
    }

    // The SCR bind methods above have names of their own: SCR may call any same-named method whose parameters it
    // can fill, and an Object parameter would take the service object in place of the reference.

    private static Map<String, Object> propertiesOf(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }

    // ---- listeners ------------------------------------------------------------------------------------------------

    @Reference(
            service = CardEventListener.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeListener")
    public void addListener(ServiceReference<CardEventListener> reference, CardEventListener listener) {
        Object value = reference.getProperty(CardEventListener.READER_PATTERN);
        String pattern = value == null ? null : value.toString();
        try {
            events.addListener(reference, listener, pattern);
        } catch (IllegalArgumentException e) {
            CoreLog.warn("card event listener " + listener.getClass().getName() + " has an invalid "
                    + CardEventListener.READER_PATTERN + " '" + pattern + "' and gets no events: " + e.getMessage());
        }
    }

    public void removeListener(ServiceReference<CardEventListener> reference) {
        events.removeListener(reference);
    }

    // ---- card-service plugins -------------------------------------------------------------------------------------

    @Reference(
            service = CardServiceFactory.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            updated = "updateCardService",
            unbind = "removeCardService")
    public void addCardService(ServiceReference<CardServiceFactory> reference, CardServiceFactory factory) {
        Bundle plugin = reference.getBundle();
        String name = plugin == null ? "unknown bundle" : plugin.getSymbolicName() + " [" + plugin.getBundleId() + "]";
        cardServices.register(reference, factory, name, propertiesOf(reference));
    }

    public void updateCardService(ServiceReference<CardServiceFactory> reference) {
        cardServices.modified(reference, propertiesOf(reference));
    }

    public void removeCardService(ServiceReference<CardServiceFactory> reference) {
        cardServices.unregister(reference);
    }

    /** @return the card-service plugins, for {@code card:services} (their bids) */
    public CardServices cardServices() {
        return cardServices;
    }

    // ---- CoreContext.Observer -------------------------------------------------------------------------------------

    @Override
    public void publish(CardEvent event) {
        events.publish(event);
    }

    @Override
    public void publishAll(List<CardEvent> burst) {
        events.publishAll(burst);
    }

    @Override
    public void cardArrived(String readerName, CoreCardHandle handle) {
        locator.cardArrived(readerName, handle);
    }

    @Override
    public void readersChanged() {
        readers.changed();
    }

    // ---- services for BundleCardManager ---------------------------------------------------------------------------

    public List<ReaderInfo> readers() {
        return readers.readers();
    }

    public CoreAttachment attachByReader(AttachmentOwner owner, String readerName, AttachOptions options)
            throws CardException {
        if (readerName == null || options == null) {
            throw new IllegalArgumentException("reader name and attach options must not be null");
        }
        ReaderSlot slot = readerSlots.slot(readerName);
        if (slot == null || slot.info() == null) {
            throw unknownReader(readerName);
        }
        checkAccess(owner, options, readerName);
        try {
            return Connector.attach(slot, owner, options, null);
        } catch (ReaderUnavailableException e) {
            if (slot.info() == null) {
                throw unknownReader(readerName);
            }
            throw e;
        }
    }

    public CoreAttachment attachByHandle(AttachmentOwner owner, CardHandle handle, AttachOptions options)
            throws CardException {
        if (handle == null || options == null) {
            throw new IllegalArgumentException("card handle and attach options must not be null");
        }
        if (!(handle instanceof CoreCardHandle coreHandle) || !coreHandle.issuedBy(context.handleIssuer())) {
            throw new IllegalArgumentException("the card handle " + handle + " was not issued by this card manager "
                    + "in this run; handles come from readers(), locate() or Attachment.handle()");
        }
        if (options.shareMode() == ShareMode.DIRECT) {
            throw new IllegalArgumentException("a handle names a card: attach by handle SHARED or EXCLUSIVE, "
                    + "or attach by reader for DIRECT");
        }
        checkAccess(owner, options, coreHandle.readerName());
        ReaderSlot slot = readerSlots.slot(coreHandle.readerName());
        if (slot == null || slot.info() == null) {
            throw new ReaderUnavailableException("reader '" + coreHandle.readerName() + "' of " + handle
                    + " is not available now");
        }
        return Connector.attach(slot, owner, options, coreHandle);
    }

    public CardHandle locate(CardFilter filter, java.time.Duration timeout) throws CardException {
        if (filter == null || timeout == null) {
            throw new IllegalArgumentException("filter and timeout must not be null");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("locate timeout must not be negative, was " + timeout);
        }
        return locator.locate(filter, timeout, readerSlots.all());
    }

    /** @return every live attachment of every bundle, for administration */
    public List<CoreAttachment> allAttachments() {
        List<CoreAttachment> all = new ArrayList<>();
        for (ReaderSlot slot : readerSlots.all()) {
            all.addAll(slot.attachments());
        }
        return all;
    }

    private void checkAccess(AttachmentOwner owner, AttachOptions options, String readerName)
            throws AccessDeniedException {
        String principal = options.principal().orElse(null);
        settings.accessPolicy().check(owner.symbolicName(), principal, owner.ownerName(principal), readerName);
    }

    private UnknownReaderException unknownReader(String readerName) {
        List<String> known = readers().stream().map(ReaderInfo::name).toList();
        return new UnknownReaderException("no reader named '" + readerName + "'; known readers: "
                + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
