package org.cardmanage.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.ScardError;
import org.cardmanage.core.internal.attachment.AttachmentOwner;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.osgi.framework.Bundle;

/**
 * The card manager as one client bundle sees it. Bundle-scoped, so each bundle has its own instance and the core knows
 * who owns what; when the bundle stops or ungets the service, this instance is deactivated ({@link CoreServices}) and
 * its attachments are detached at once with the configured abandon disposition (RESET by default), without waiting
 * for other bundles' locks.
 */
public final class BundleCardManager implements CardManager, AttachmentOwner {
    private final CardCore core;
    private final String symbolicName;
    private final String ownerName;
    private final long bundleId;
    private final Set<CoreAttachment> live = new LinkedHashSet<>();
    private boolean closed;

    BundleCardManager(CardCore core, Bundle bundle) {
        this(core, bundle.getSymbolicName(), describe(bundle), bundle.getBundleId());
    }

    private BundleCardManager(CardCore core, String symbolicName, String ownerName, long bundleId) {
        this.core = core;
        this.symbolicName = symbolicName;
        this.ownerName = ownerName;
        this.bundleId = bundleId;
    }

    private static String describe(Bundle bundle) {
        return bundle.getSymbolicName() + " [" + bundle.getBundleId() + "]";
    }

    /** The bundle went away or ungot the service: every attachment it still has is detached, without waiting. */
    public void deactivate() {
        List<CoreAttachment> abandoned;
        synchronized (live) {
            closed = true;
            abandoned = new ArrayList<>(live);
        }
        String reason = "its owner bundle " + ownerName + " went away";
        for (CoreAttachment attachment : abandoned) {
            attachment.abandon(core.settings().abandonDisposition(), reason);
        }
    }

    @Override
    public String ownerName() {
        return ownerName;
    }

    @Override
    public String symbolicName() {
        return symbolicName;
    }

    @Override
    public long bundleId() {
        return bundleId;
    }

    @Override
    public void forget(CoreAttachment attachment) {
        synchronized (live) {
            live.remove(attachment);
        }
    }

    @Override
    public List<ReaderInfo> readers() {
        return core.readers();
    }

    @Override
    public Attachment attachByReader(String readerName) throws CardException {
        return attachByReader(readerName, AttachOptions.shared());
    }

    @Override
    public Attachment attachByReader(String readerName, AttachOptions options) throws CardException {
        return adopt(core.attachByReader(this, readerName, options));
    }

    @Override
    public Attachment attachByHandle(CardHandle handle) throws CardException {
        return attachByHandle(handle, AttachOptions.shared());
    }

    @Override
    public Attachment attachByHandle(CardHandle handle, AttachOptions options) throws CardException {
        return adopt(core.attachByHandle(this, handle, options));
    }

    @Override
    public CardHandle locate(CardFilter filter, Duration timeout) throws CardException {
        return core.locate(filter, timeout);
    }

    @Override
    public List<Attachment> attachments() {
        synchronized (live) {
            return List.copyOf(live);
        }
    }

    private Attachment adopt(CoreAttachment attachment) throws CardException {
        synchronized (live) {
            if (!closed) {
                live.add(attachment);
                return attachment;
            }
        }
        // The bundle went away while this attach was under way.
        attachment.abandon(core.settings().abandonDisposition(), "its owner bundle " + ownerName + " went away");
        throw new CardException(ScardError.SCARD_E_CANCELLED, "the card manager of " + ownerName + " is closed");
    }
}
