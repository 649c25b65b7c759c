package org.cardmanage.core.internal.plugin;

import java.time.Duration;
import java.util.Optional;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardStatus;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.api.service.CardServiceUnavailableException;
import org.cardmanage.core.internal.CoreLog;

/**
 * The attachment as a plugin sees it: the caller's attachment, except that the plugin cannot end it (the application
 * owns its life-cycle) and that it stops working for the plugin once the plugin's factory service is gone, so a
 * plugin thread that outlives its bundle cannot go on talking to the card.
 */
final class PluginAttachment implements Attachment {
    private final Attachment delegate;
    private final PluginRegistration plugin;

    PluginAttachment(Attachment delegate, PluginRegistration plugin) {
        this.delegate = delegate;
        this.plugin = plugin;
    }

    private Attachment usable() throws CardException {
        if (!plugin.isLive()) {
            throw new CardServiceUnavailableException("plugin " + plugin.pluginName() + " went away: it can no "
                    + "longer use attachment " + delegate.id() + " on reader '" + delegate.readerName() + "'");
        }
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public String readerName() {
        return delegate.readerName();
    }

    @Override
    public ShareMode shareMode() {
        return delegate.shareMode();
    }

    @Override
    public AttachmentState state() {
        return delegate.state();
    }

    @Override
    public Optional<CardHandle> handle() {
        return delegate.handle();
    }

    @Override
    public CardStatus status() throws CardException {
        return usable().status();
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) throws CardException {
        return usable().transmit(command);
    }

    @Override
    public byte[] control(int controlCode, byte[] data) throws CardException {
        return usable().control(controlCode, data);
    }

    @Override
    public CardLock lock(Duration timeout) throws CardException {
        return usable().lock(timeout);
    }

    @Override
    public void reconnect(ShareMode shareMode, Disposition initialization) throws CardException {
        usable().reconnect(shareMode, initialization);
    }

    @Override
    public <T> T createInterface(Class<T> serviceInterface) throws CardException {
        return usable().createInterface(serviceInterface);
    }

    @Override
    public void detach(Disposition disposition) throws CardException {
        throw new NotSupportedException("plugin " + plugin.pluginName() + " may not detach attachment " + id()
                + " on reader '" + readerName() + "': it belongs to the application");
    }

    /** Does nothing: the attachment belongs to the application, which closes it. */
    @Override
    public void close() {
        CoreLog.debug("plugin " + plugin.pluginName() + " tried to close attachment " + id() + "; ignored");
    }

    @Override
    public String toString() {
        return delegate + " as seen by plugin " + plugin.pluginName();
    }
}
