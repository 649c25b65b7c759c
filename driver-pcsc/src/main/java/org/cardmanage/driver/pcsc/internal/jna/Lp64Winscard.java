package org.cardmanage.driver.pcsc.internal.jna;

import com.sun.jna.Pointer;

/**
 * pcsc-lite where C {@code long} is 64 bits (Linux and other Unix systems on 64-bit CPUs): {@code DWORD},
 * {@code LONG}, {@code SCARDCONTEXT} and {@code SCARDHANDLE} are all {@code long}. {@code DWORD} arguments are
 * widened unsigned.
 */
final class Lp64Winscard implements Winscard {
    private static final long DWORD = 0xFFFF_FFFFL;

    static native long SCardEstablishContext(long scope, Pointer reserved1, Pointer reserved2, Pointer context);

    static native long SCardReleaseContext(long context);

    static native long SCardListReaders(long context, Pointer groups, Pointer readers, Pointer readersLength);

    static native long SCardGetStatusChange(long context, long timeout, Pointer readerStates, long count);

    static native long SCardCancel(long context);

    static native long SCardConnect(long context, Pointer reader, long shareMode, long protocols, Pointer handle,
            Pointer activeProtocol);

    static native long SCardReconnect(long handle, long shareMode, long protocols, long initialization,
            Pointer activeProtocol);

    static native long SCardDisconnect(long handle, long disposition);

    static native long SCardBeginTransaction(long handle);

    static native long SCardEndTransaction(long handle, long disposition);

    static native long SCardTransmit(long handle, Pointer sendPci, Pointer send, long sendLength, Pointer receivePci,
            Pointer receive, Pointer receiveLength);

    static native long SCardControl(long handle, long code, Pointer in, long inLength, Pointer out, long outLength,
            Pointer returned);

    static native long SCardStatus(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol,
            Pointer atr, Pointer atrLength);

    static native long SCardGetAttrib(long handle, long attribute, Pointer value, Pointer valueLength);

    @Override
    public int establishContext(int scope, Pointer context) {
        return (int) SCardEstablishContext(scope & DWORD, null, null, context);
    }

    @Override
    public int releaseContext(long context) {
        return (int) SCardReleaseContext(context);
    }

    @Override
    public int listReaders(long context, Pointer readers, Pointer readersLength) {
        return (int) SCardListReaders(context, null, readers, readersLength);
    }

    @Override
    public int getStatusChange(long context, int timeout, Pointer readerStates, int count) {
        return (int) SCardGetStatusChange(context, timeout & DWORD, readerStates, count & DWORD);
    }

    @Override
    public int cancel(long context) {
        return (int) SCardCancel(context);
    }

    @Override
    public int connect(long context, Pointer reader, int shareMode, int protocols, Pointer handle,
            Pointer activeProtocol) {
        return (int) SCardConnect(context, reader, shareMode & DWORD, protocols & DWORD, handle, activeProtocol);
    }

    @Override
    public int reconnect(long handle, int shareMode, int protocols, int initialization, Pointer activeProtocol) {
        return (int) SCardReconnect(handle, shareMode & DWORD, protocols & DWORD, initialization & DWORD,
                activeProtocol);
    }

    @Override
    public int disconnect(long handle, int disposition) {
        return (int) SCardDisconnect(handle, disposition & DWORD);
    }

    @Override
    public int beginTransaction(long handle) {
        return (int) SCardBeginTransaction(handle);
    }

    @Override
    public int endTransaction(long handle, int disposition) {
        return (int) SCardEndTransaction(handle, disposition & DWORD);
    }

    @Override
    public int transmit(long handle, Pointer sendPci, Pointer send, int sendLength, Pointer receive,
            Pointer receiveLength) {
        return (int) SCardTransmit(handle, sendPci, send, sendLength & DWORD, null, receive, receiveLength);
    }

    @Override
    public int control(long handle, int code, Pointer in, int inLength, Pointer out, int outLength,
            Pointer returned) {
        return (int) SCardControl(handle, code & DWORD, in, inLength & DWORD, out, outLength & DWORD, returned);
    }

    @Override
    public int status(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol, Pointer atr,
            Pointer atrLength) {
        return (int) SCardStatus(handle, reader, readerLength, state, protocol, atr, atrLength);
    }

    @Override
    public int getAttrib(long handle, int attribute, Pointer value, Pointer valueLength) {
        return (int) SCardGetAttrib(handle, attribute & DWORD, value, valueLength);
    }
}
