package org.cardmanage.core.internal.shell;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.core.internal.attachment.CoreAttachment;

/** How the card commands show readers, attachments, statuses and responses. */
final class Formats {

    private Formats() {
    }

    static String readers(List<ReaderInfo> readers) {
        if (readers.isEmpty()) {
            return "no readers";
        }
        Table table = new Table("NAME", "DRIVER", "CARD", "ATR");
        for (ReaderInfo reader : readers) {
            table.row(reader.name(), reader.driver(), reader.cardPresent() ? "yes" : "no",
                    reader.atr().map(Object::toString).orElse("-"));
        }
        return table.render();
    }

    static String attachments(List<CoreAttachment> attachments) {
        if (attachments.isEmpty()) {
            return "no attachments";
        }
        Table table = new Table("ID", "READER", "MODE", "STATE", "LOCK", "OWNER", "SINCE");
        attachments.stream()
                .sorted(Comparator.comparing(CoreAttachment::id, ShellAttachments::byNumber))
                .forEach(a -> table.row(a.id(), a.readerName(), a.shareMode(), a.state(),
                        a.holdsLock() ? "held" : "-", a.ownerName(),
                        LocalTime.ofInstant(a.created(), ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS)));
        return table.render();
    }

    /** The response bytes, then the status word's meaning: {@code 90 00 OK}, {@code 6A 82 file not found}. */
    static String response(ResponseApdu response) {
        return response + " " + response.statusMeaning();
    }

    /**
     * The attachment's state and the card's status; a status the card cannot give (it was removed, the reader went
     * away) is shown as the reason rather than failing the command.
     */
    static String status(Attachment attachment, boolean holdsLock) {
        Table table = new Table("attachment", attachment.id())
                .row("reader", attachment.readerName())
                .row("share mode", attachment.shareMode())
                .row("state", attachment.state());
        try {
            CardStatus status = attachment.status();
            table.row("card", status.state())
                    .row("protocol", status.protocol().map(Object::toString).orElse("-"))
                    .row("ATR", status.atr().map(Object::toString).orElse("-"));
        } catch (CardException e) {
            table.row("card", e.getMessage());
        }
        table.row("lock", holdsLock ? "held" : "not held");
        return table.render();
    }
}
