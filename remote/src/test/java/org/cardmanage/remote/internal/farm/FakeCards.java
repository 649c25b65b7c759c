package org.cardmanage.remote.internal.farm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.UnknownReaderException;

/** A card manager with one reader, "R", that hands out {@link FakeAttachment}s and remembers the options. */
final class FakeCards implements CardManager {
    final List<FakeAttachment> made = new ArrayList<>();
    final List<AttachOptions> options = new ArrayList<>();

    @Override
    public List<ReaderInfo> readers() {
        return List.of(new ReaderInfo("R", "sim", null), new ReaderInfo("other/R", "remote", null));
    }

    @Override
    public Attachment attachByReader(String readerName) throws UnknownReaderException {
        return attachByReader(readerName, AttachOptions.shared());
    }

    @Override
    public synchronized Attachment attachByReader(String readerName, AttachOptions attachOptions)
            throws UnknownReaderException {
        if (!readerName.equals("R")) {
            throw new UnknownReaderException("no reader '" + readerName + "'");
        }
        FakeAttachment attachment = new FakeAttachment(readerName);
        made.add(attachment);
        options.add(attachOptions);
        return attachment;
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
    public List<Attachment> attachments() {
        return List.copyOf(made);
    }
}
