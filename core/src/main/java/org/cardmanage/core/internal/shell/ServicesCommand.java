package org.cardmanage.core.internal.shell;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.cardmanage.api.CardException;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.plugin.ServiceBid;

/**
 * {@code card:services ID}: which card-service plugins bid for an attachment's card, and how much, best first: what
 * {@code createInterface} would choose from. Read-only, so it takes any attachment listed by {@code card:attachments}.
 */
public final class ServicesCommand {
    static final String SERVICES = "card:services ID";

    private final CardCore core;

    public ServicesCommand(CardCore core) {
        this.core = core;
    }

    /** @return the Gogo service properties that name this command */
    public static Dictionary<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "card");
        properties.put("osgi.command.function", new String[] {"services"});
        return properties;
    }

    /** Lists the plugins' bids for the attachment's card. */
    public String services(String... args) {
        Args in = new Args(SERVICES, args).expect(1, 1);
        String id = in.get(0);
        CoreAttachment attachment = core.allAttachments().stream()
                .filter(candidate -> candidate.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ShellException("no live attachment '" + id + "' (card:attachments lists them)"));
        List<ServiceBid> bids;
        try {
            bids = core.cardServices().bids(attachment);
        } catch (CardException e) {
            throw new ShellException(e.getMessage(), e);
        }
        if (bids.isEmpty()) {
            return "no card-service plugin is installed";
        }
        Table table = new Table("PLUGIN", "SERVICE", "RANKING", "BID", "INTERFACES");
        for (ServiceBid bid : bids) {
            table.row(bid.plugin(), bid.serviceId(), bid.ranking(),
                    bid.failure() != null ? "0 (" + bid.failure() + ")" : bid.bid(),
                    String.join(", ", bid.interfaces()));
        }
        return table.render();
    }
}
