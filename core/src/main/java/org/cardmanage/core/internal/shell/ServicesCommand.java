package org.cardmanage.core.internal.shell;

import java.util.List;

import org.cardmanage.api.CardException;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.attach.CoreAttachment;
import org.cardmanage.core.internal.service.ServiceBid;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code card:services ID}: which card-service plugins bid for an attachment's card, and how much, best first: what
 * {@code createInterface} would choose from. Read-only, so it takes any attachment listed by {@code card:attachments}.
 */
@Component(
        service = ServicesCommand.class,
        immediate = true,
        property = {"osgi.command.scope=card", "osgi.command.function=services"})
public final class ServicesCommand {
    static final String SERVICES = "card:services ID";

    private final CardCore core;

    @Activate
    public ServicesCommand(@Reference CardCore core) {
        this.core = core;
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
