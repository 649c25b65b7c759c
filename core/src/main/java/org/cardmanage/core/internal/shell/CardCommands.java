package org.cardmanage.core.internal.shell;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.CardCore;
import org.cardmanage.core.internal.attachment.CoreAttachment;

/**
 * The {@code card:*} Gogo commands. Each takes plain {@code String...} so that Gogo can always call it and wrong
 * arguments end in a usage line; each returns text for the shell to print.
 *
 * <p>Attachments made here belong to the core bundle, whose own {@link CardManager} these commands use; the commands
 * that act on an attachment accept only those, and the core detaches them when it stops, as it does for any bundle
 * that goes away. The core registers one instance for as long as it runs (Gogo's get and unget around every call
 * leave it alone).
 */
public final class CardCommands {
    static final String READERS = "card:readers";
    static final String ATTACH = "card:attach READER [--shared|--exclusive|--direct] [--protocol T0|T1]";
    static final String SEND = "card:send ID HEX...   e.g. card:send a-1 00 A4 00 0C 02 3F 00";
    static final String LOCK = "card:lock ID [SECONDS-TO-WAIT]";
    static final String UNLOCK = "card:unlock ID [leave|reset|unpower]";
    static final String RECONNECT = "card:reconnect ID [--shared|--exclusive|--direct] [leave|reset|unpower]";
    static final String STATUS = "card:status ID";
    static final String DETACH = "card:detach ID [leave|reset|unpower|eject]";
    static final String ATTACHMENTS = "card:attachments";
    static final String LOCATE = "card:locate [READER-GLOB] [SECONDS-TO-WAIT]";

    private static final Set<String> SHARE_FLAGS = Set.of("--shared", "--exclusive", "--direct");
    private static final long MAX_WAIT_SECONDS = 3600;

    private final CardManager manager;
    private final CardCore core;
    private final ShellAttachments mine = new ShellAttachments();

    public CardCommands(CardManager manager, CardCore core) {
        this.manager = manager;
        this.core = core;
    }

    /** @return the Gogo service properties that name these commands */
    public static Dictionary<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.command.scope", "card");
        properties.put("osgi.command.function", new String[] {"readers", "attach", "send", "lock", "unlock",
            "reconnect", "status", "detach", "attachments", "locate"});
        return properties;
    }

    /** Detaches every attachment made here; the core calls it when it stops. */
    public void detachAll(Disposition disposition) {
        mine.detachAll(disposition);
    }

    /** Lists the readers: name, driver, whether a card is in, and its ATR. */
    public String readers(String... args) {
        new Args(READERS, args).expect(0, 0);
        return Formats.readers(manager.readers());
    }

    /** Lists every live attachment of every bundle, with its owner and state. */
    public String attachments(String... args) {
        new Args(ATTACHMENTS, args).expect(0, 0);
        return Formats.attachments(core.allAttachments());
    }

    /** Attaches to a reader and returns the new attachment's id, e.g. {@code a-1}. */
    public String attach(String... args) {
        Args in = new Args(ATTACH, args, SHARE_FLAGS, "--protocol").expect(1, 1);
        AttachOptions options = AttachOptions.shared().withShareMode(shareMode(in, ShareMode.SHARED));
        if (in.optionValue() != null) {
            options = options.withProtocols(protocol(in));
        }
        AttachOptions chosen = options;
        Attachment attachment = call(() -> manager.attachByReader(in.get(0), chosen));
        mine.add(attachment);
        return attachment.id();
    }

    /** Sends one command APDU, given as hex words, and returns the response with its status word's meaning. */
    public String send(String... args) {
        Args in = new Args(SEND, args);
        if (in.count() < 2) {
            throw in.usage();
        }
        Attachment attachment = mine.get(in.get(0));
        CommandApdu command;
        try {
            command = CommandApdu.parseHex(in.joinFrom(1));
        } catch (IllegalArgumentException e) {
            throw new ShellException("not a command APDU: " + e.getMessage() + "\nusage: " + SEND);
        }
        return Formats.response(call(() -> attachment.transmit(command)));
    }

    /** Locks the card for the attachment, waiting at most the given seconds (5 by default) for another holder. */
    public String lock(String... args) {
        Args in = new Args(LOCK, args).expect(1, 2);
        Attachment attachment = mine.get(in.get(0));
        long seconds = in.seconds(1, 5, MAX_WAIT_SECONDS);
        CardLock lock = call(() -> attachment.lock(Duration.ofSeconds(seconds)));
        mine.putLock(attachment, lock);
        return attachment.id() + " locked the card in '" + attachment.readerName() + "'; the lock is released with "
                + "RESET after " + core.settings().lockIdleTimeout().toMillis() + " ms without a card:send";
    }

    /** Ends the lock the attachment took with {@code card:lock}. */
    public String unlock(String... args) {
        Args in = new Args(UNLOCK, args).expect(1, 2);
        Attachment attachment = mine.get(in.get(0));
        Disposition disposition = disposition(in, 1);
        CardLock lock = mine.takeLock(attachment);
        if (lock == null) {
            throw new ShellException(attachment.id() + " holds no lock taken with card:lock");
        }
        call(() -> {
            lock.unlock(disposition);
            return null;
        });
        return attachment.id() + " unlocked (" + disposition + ")";
    }

    /** Reconnects the attachment, keeping its share mode unless told otherwise, and shows its status. */
    public String reconnect(String... args) {
        Args in = new Args(RECONNECT, args, SHARE_FLAGS, null).expect(1, 2);
        Attachment attachment = mine.get(in.get(0));
        ShareMode mode = shareMode(in, attachment.shareMode());
        Disposition initialization = disposition(in, 1);
        if (initialization == Disposition.EJECT) {
            throw in.usage();
        }
        call(() -> {
            attachment.reconnect(mode, initialization);
            return null;
        });
        return status(attachment.id());
    }

    /** Shows the attachment's state and its card's status. */
    public String status(String... args) {
        Args in = new Args(STATUS, args).expect(1, 1);
        Attachment attachment = mine.get(in.get(0));
        boolean locked = attachment instanceof CoreAttachment coreAttachment && coreAttachment.holdsLock();
        return Formats.status(attachment, locked);
    }

    /** Detaches the attachment with a disposition, LEAVE by default. */
    public String detach(String... args) {
        Args in = new Args(DETACH, args).expect(1, 2);
        Attachment attachment = mine.get(in.get(0));
        Disposition disposition = disposition(in, 1);
        try {
            call(() -> {
                attachment.detach(disposition);
                return null;
            });
        } finally {
            // Detached even when the driver failed to apply the disposition.
            mine.remove(attachment);
        }
        return attachment.id() + " detached (" + disposition + ")";
    }

    /** Waits for a card in a reader matching the glob (every reader by default) and shows where it is. */
    public String locate(String... args) {
        Args in = new Args(LOCATE, args).expect(0, 2);
        CardFilter filter = CardFilter.any();
        if (in.count() > 0) {
            try {
                filter = filter.withReaderPattern(in.get(0));
            } catch (IllegalArgumentException e) {
                throw in.usage();
            }
        }
        Duration timeout = Duration.ofSeconds(in.seconds(1, 10, MAX_WAIT_SECONDS));
        CardFilter chosen = filter;
        CardHandle card = call(() -> manager.locate(chosen, timeout));
        return card.readerName() + "  " + card.atr();
    }

    // ---- argument helpers -----------------------------------------------------------------------------------------

    private static ShareMode shareMode(Args in, ShareMode fallback) {
        List<String> flags = in.flags();
        if (flags.size() > 1) {
            throw in.usage();
        }
        if (flags.isEmpty()) {
            return fallback;
        }
        return switch (flags.get(0)) {
            case "--exclusive" -> ShareMode.EXCLUSIVE;
            case "--direct" -> ShareMode.DIRECT;
            default -> ShareMode.SHARED;
        };
    }

    private static Protocol protocol(Args in) {
        try {
            Protocol protocol = Protocol.parse(in.optionValue());
            if (protocol == Protocol.RAW) {
                throw in.usage();
            }
            return protocol;
        } catch (IllegalArgumentException e) {
            throw in.usage();
        }
    }

    private static Disposition disposition(Args in, int index) {
        try {
            return Disposition.parse(in.get(index, "leave"));
        } catch (IllegalArgumentException e) {
            throw in.usage();
        }
    }

    /** A card operation from the API. */
    private interface CardCall<T> {
        T call() throws CardException;
    }

    /** Runs a card operation; its failure becomes a shell failure that shows the card error's message. */
    private static <T> T call(CardCall<T> operation) {
        try {
            return operation.call();
        } catch (CardException e) {
            throw new ShellException(e.getMessage(), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ShellException(e.getMessage(), e);
        }
    }
}
