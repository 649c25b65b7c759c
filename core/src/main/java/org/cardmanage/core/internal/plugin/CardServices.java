package org.cardmanage.core.internal.plugin;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.core.internal.CoreLog;
import org.cardmanage.spi.CardServiceFactory;
import org.osgi.framework.Constants;

/**
 * The card-service plugins the core knows (whiteboard {@link CardServiceFactory} services) and the choice among them
 * for {@link Attachment#createInterface(Class)}: the plugins that name the interface bid for the card, the best
 * bidder whose {@code create} succeeds makes the view, and the caller gets a proxy of it ({@link ServiceView}).
 *
 * <p>Thread-safe. Plugins are called without any lock held; what they throw is contained and logged.
 */
public final class CardServices {
    /** How long all plugins together may take to bid; {@code match} is meant to be instant. */
    public static final Duration MATCH_WAIT = Duration.ofSeconds(2);

    private final Map<Object, PluginRegistration> plugins = new ConcurrentHashMap<>();
    private final AtomicLong localIds = new AtomicLong(Long.MAX_VALUE / 2);
    private final Bidding bidding;

    /** @param worker where plugins bid, so that a hanging {@code match} cannot block the caller */
    public CardServices(ExecutorService worker) {
        this(worker, MATCH_WAIT);
    }

    /**
     * @param worker where plugins bid
     * @param matchWait how long all plugins together may take to bid
     */
    public CardServices(ExecutorService worker, Duration matchWait) {
        this.bidding = new Bidding(worker, matchWait);
    }

    // ---- the whiteboard -------------------------------------------------------------------------------------------

    /**
     * Adds a factory service.
     *
     * @param key identifies the registration in later calls (the service reference)
     * @param factory the factory
     * @param pluginName the plugin bundle for messages, e.g. {@code org.cardmanage.plugin.iso7816 [12]}
     * @param properties the service properties ({@code card.service.interface}, {@code service.ranking},
     *     {@code service.id})
     */
    public void register(Object key, CardServiceFactory factory, String pluginName, Map<String, ?> properties) {
        Object id = properties.get(Constants.SERVICE_ID);
        long serviceId = id instanceof Long value ? value : localIds.incrementAndGet();
        PluginRegistration registration = new PluginRegistration(factory, pluginName, serviceId, properties);
        if (registration.interfaces().isEmpty()) {
            CoreLog.warn("card-service factory " + registration.describe() + " has no "
                    + CardServiceFactory.CARD_SERVICE_INTERFACE + " property: it will never be asked");
        }
        PluginRegistration previous = plugins.put(key, registration);
        if (previous != null) {
            previous.withdraw();
        }
    }

    /** Follows a change of a factory's service properties (its interfaces or ranking). */
    public void modified(Object key, Map<String, ?> properties) {
        PluginRegistration registration = plugins.get(key);
        if (registration != null) {
            registration.update(properties);
        }
    }

    /** Removes a factory service: the views it made stop working. */
    public void unregister(Object key) {
        PluginRegistration registration = plugins.remove(key);
        if (registration != null) {
            registration.withdraw();
        }
    }

    // ---- administration -------------------------------------------------------------------------------------------

    /**
     * Asks every plugin to bid for the attachment's card, whatever interfaces it makes, for administration.
     *
     * @param attachment the attachment
     * @return the bids, best first (highest bid, then ranking, then oldest service)
     * @throws CardException if the attachment cannot report its status
     */
    public List<ServiceBid> bids(Attachment attachment) throws CardException {
        CardStatus status = attachment.status();
        List<ServiceBid> bids = new ArrayList<>();
        for (Bidding.Offer offer : bidding.collect(List.copyOf(plugins.values()), status)) {
            PluginRegistration p = offer.registration();
            bids.add(new ServiceBid(p.pluginName(), p.serviceId(), p.ranking(),
                    p.interfaces().stream().sorted().toList(), offer.bid(), offer.failure()));
        }
        return bids;
    }

    // ---- createInterface ------------------------------------------------------------------------------------------

    /**
     * Makes a view of the attachment's card from the best plugin that provides the interface.
     *
     * @param attachment the caller's attachment, usable
     * @param serviceInterface the interface asked for
     * @return a proxy of the interface, forwarding to the winning plugin's object
     * @throws NotSupportedException if no plugin provides it for this card, naming the interface and the ATR
     * @throws CardException if the attachment failed (closed, card removed, reader gone) while plugins were asked
     */
    public <T> T createInterface(Attachment attachment, Class<T> serviceInterface) throws CardException {
        checkServiceInterface(serviceInterface);
        CardStatus status = attachment.status();
        String name = serviceInterface.getName();
        List<PluginRegistration> candidates = plugins.values().stream().filter(p -> p.offers(name)).toList();
        List<String> notes = new ArrayList<>();
        for (Bidding.Offer offer : bidding.collect(candidates, status)) {
            if (offer.bid() <= CardServiceFactory.NO_MATCH) {
                notes.add(offer.registration().pluginName() + (offer.failure() == null ? " did not bid"
                        : " " + offer.failure()));
                continue;
            }
            Object made = create(offer.registration(), attachment, serviceInterface, notes);
            if (made != null) {
                return serviceInterface.cast(proxy(serviceInterface, offer.registration(), attachment, made));
            }
        }
        throw new NotSupportedException("no card-service plugin provides " + name + " for the card "
                + status.atr().map(atr -> "with ATR " + atr + " ").orElse("") + "in reader '" + status.readerName()
                + "'" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
    }

    /** @return the plugin's object for the interface, or null if it failed (noted and logged) */
    private Object create(PluginRegistration plugin, Attachment attachment, Class<?> serviceInterface,
            List<String> notes) throws CardException {
        Object made;
        try {
            made = plugin.factory().create(new PluginAttachment(attachment, plugin));
        } catch (AttachmentClosedException | CardRemovedException | CardResetException | ReaderUnavailableException
                | NoCardException | CardTimeoutException attachmentFailed) {
            // The attachment itself failed: no other plugin would do better, and the caller must know.
            throw attachmentFailed;
        } catch (NotSupportedException declined) {
            CoreLog.debug("card-service plugin " + plugin.describe() + " declined the card in reader '"
                    + attachment.readerName() + "': " + declined.getMessage());
            notes.add(plugin.pluginName() + " declined: " + declined.getMessage());
            return null;
        } catch (CardException | RuntimeException | LinkageError | StackOverflowError e) {
            CoreLog.warn("card-service plugin " + plugin.describe() + " failed in create() for the card in reader '"
                    + attachment.readerName() + "'; trying the next one", e);
            notes.add(plugin.pluginName() + " failed in create(): " + e.getClass().getName());
            return null;
        }
        if (serviceInterface.isInstance(made)) {
            return made;
        }
        String why = made == null ? "returned null"
                : "returned a " + made.getClass().getName() + ", which does not implement " + serviceInterface.getName()
                        + " as the caller sees it (is its API package wired to another version?)";
        CoreLog.warn("card-service plugin " + plugin.describe() + " " + why + "; trying the next one");
        notes.add(plugin.pluginName() + " " + why);
        return null;
    }

    private static Object proxy(Class<?> serviceInterface, PluginRegistration plugin, Attachment attachment,
            Object made) {
        ServiceView view = new ServiceView(serviceInterface, plugin, attachment, attachment.handle(), made);
        ClassLoader loader = Optional.ofNullable(serviceInterface.getClassLoader())
                .orElse(CardServices.class.getClassLoader());
        Object proxy = Proxy.newProxyInstance(loader, new Class<?>[] {serviceInterface}, view);
        plugin.track(view);
        return proxy;
    }

    /**
     * A view's methods must be able to throw {@link CardException}: that is how a plugin that went away is reported.
     *
     * @throws NotSupportedException if the class is not such an interface
     */
    static void checkServiceInterface(Class<?> serviceInterface) throws NotSupportedException {
        if (!serviceInterface.isInterface()) {
            throw new NotSupportedException(serviceInterface.getName() + " is not an interface: card services are "
                    + "interfaces such as org.cardmanage.api.service.FileAccess");
        }
        for (Method method : serviceInterface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && !declaresCardException(method)) {
                throw new NotSupportedException(serviceInterface.getName() + " is not a card-service interface: "
                        + "its method " + method.getName() + " does not declare CardException");
            }
        }
    }

    private static boolean declaresCardException(Method method) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isAssignableFrom(CardException.class)) {
                return true;
            }
        }
        return false;
    }
}
