package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.UnknownReaderException;

/**
 * A card manager with readers "Sim Reader 0", "Sim Reader 1", "Bank 1" (driver sim) and "other/R" (itself remote),
 * handing out {@link FakeAttachment}s and remembering the options; it refuses principals listed in {@link #denied}.
 */
final class FakeCards implements CardManager {
    final List<FakeAttachment> made = new ArrayList<>();
    final List<AttachOptions> options = new ArrayList<>();
    final List<String> denied = new ArrayList<>();
    /** When set, an attach waits on it first (a slow connect). */
    volatile java.util.concurrent.CountDownLatch holdAttach;
    volatile java.util.concurrent.CountDownLatch attachEntered = new java.util.concurrent.CountDownLatch(1);
    /** Given to every attachment made from now on as its {@link FakeAttachment#failStatus}. */
    volatile org.cardmanage.api.CardException failStatus;

    @Override
    public List<ReaderInfo> readers() {
        return List.of(new ReaderInfo("Bank 1", "sim", null), new ReaderInfo("Sim Reader 0", "sim", null),
                new ReaderInfo("Sim Reader 1", "sim", null), new ReaderInfo("other/R", "remote", null));
    }

    @Override
    public Attachment attachByReader(String readerName) throws UnknownReaderException, AccessDeniedException {
        return attachByReader(readerName, AttachOptions.shared());
    }

    @Override
    public Attachment attachByReader(String readerName, AttachOptions attachOptions)
            throws UnknownReaderException, AccessDeniedException {
        FakeAttachment.pass(attachEntered, holdAttach);
        return attach(readerName, attachOptions);
    }

    private synchronized Attachment attach(String readerName, AttachOptions attachOptions)
            throws UnknownReaderException, AccessDeniedException {
        if (readers().stream().noneMatch(r -> r.name().equals(readerName))) {
            throw new UnknownReaderException("no reader '" + readerName + "'");
        }
        if (attachOptions.principal().isPresent() && denied.contains(attachOptions.principal().get())) {
            throw new AccessDeniedException("the access policy denies " + attachOptions.principal().get());
        }
        FakeAttachment attachment = new FakeAttachment(readerName, attachOptions.shareMode());
        attachment.failStatus = failStatus;
        made.add(attachment);
        options.add(attachOptions);
        return attachment;
    }

    synchronized FakeAttachment last() {
        return made.get(made.size() - 1);
    }

    @Override
    public Attachment attachByHandle(CardHandle handle) throws NotSupportedException {
        throw new NotSupportedException("not here");
    }

    @Override
    public Attachment attachByHandle(CardHandle handle, AttachOptions attachOptions) throws NotSupportedException {
        throw new NotSupportedException("not here");
    }

    @Override
    public CardHandle locate(CardFilter filter, Duration timeout) throws NotSupportedException {
        throw new NotSupportedException("not here");
    }

    @Override
    public synchronized List<Attachment> attachments() {
        return List.copyOf(made);
    }
}
