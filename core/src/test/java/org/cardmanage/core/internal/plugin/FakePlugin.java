package org.cardmanage.core.internal.plugin;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.spi.CardServiceFactory;
import org.osgi.framework.Constants;

/**
 * A card-service plugin for the tests: bids what it is told, makes {@link Echo} views (or fails in {@code create}),
 * and registers with a {@link CardServices} as SCR would, with a name, a ranking and a service id.
 */
public final class FakePlugin implements CardServiceFactory {
    /** What {@code create} does. */
    @FunctionalInterface
    public interface Creator {
        Object create(FakePlugin plugin, Attachment attachment) throws CardException;
    }

    private final String name;
    private final long serviceId;
    private volatile ToIntFunction<CardStatus> bid;
    private volatile Creator creator = (plugin, attachment) -> plugin.new View(attachment);
    private final AtomicReference<Attachment> given = new AtomicReference<>();
    private final AtomicInteger creates = new AtomicInteger();
    /** What {@link Echo#fail()} of this plugin's views throws. */
    volatile Throwable viewFailure = new IllegalStateException("not armed");

    /**
     * @param name the plugin's name, also what its views' {@link Echo#name()} answer
     * @param serviceId its {@code service.id}: a lower id is an older service
     * @param bid what it bids for every card
     */
    public FakePlugin(String name, long serviceId, int bid) {
        this.name = name;
        this.serviceId = serviceId;
        this.bid = status -> bid;
    }

    public FakePlugin bidding(ToIntFunction<CardStatus> function) {
        this.bid = function;
        return this;
    }

    public FakePlugin creating(Creator function) {
        this.creator = function;
        return this;
    }

    /** Registers with ranking 0, offering {@link Echo}. */
    public FakePlugin register(CardServices services) {
        return register(services, 0);
    }

    public FakePlugin register(CardServices services, int ranking) {
        services.register(this, this, name + " [" + serviceId + "]", properties(ranking, Echo.class.getName()));
        return this;
    }

    public Map<String, Object> properties(int ranking, String... interfaces) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CARD_SERVICE_INTERFACE, interfaces);
        properties.put(Constants.SERVICE_RANKING, ranking);
        properties.put(Constants.SERVICE_ID, serviceId);
        return properties;
    }

    public void unregister(CardServices services) {
        services.unregister(this);
    }

    public String name() {
        return name;
    }

    /** @return the attachment the last {@code create} got */
    public Attachment attachmentGiven() {
        return given.get();
    }

    public int creates() {
        return creates.get();
    }

    @Override
    public int match(CardStatus status) {
        return bid.applyAsInt(status);
    }

    @Override
    public Object create(Attachment attachment) throws CardException {
        creates.incrementAndGet();
        given.set(attachment);
        return creator.create(this, attachment);
    }

    @Override
    public String toString() {
        return "FakePlugin[" + name + "]";
    }

    /** The plugin's view. */
    public final class View implements Echo {
        private final Attachment attachment;

        View(Attachment attachment) {
            this.attachment = attachment;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public byte[] echo(byte[] data) throws CardException {
            return attachment.transmit(new CommandApdu(0x80, 0x01, 0x00, 0x00, data, 256)).data();
        }

        @Override
        public void fail() throws CardException {
            Throwable failure = viewFailure;
            if (failure instanceof CardException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure;
        }

        @Override
        public String toString() {
            return "plugin's own toString, never shown";
        }
    }
}
