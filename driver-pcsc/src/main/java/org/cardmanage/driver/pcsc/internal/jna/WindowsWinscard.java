package org.cardmanage.driver.pcsc.internal.jna;

import com.sun.jna.Pointer;

/**
 * 64-bit Windows' winscard.dll: {@code DWORD} and {@code LONG} are 32-bit, {@code SCARDCONTEXT} and
 * {@code SCARDHANDLE} are {@code ULONG_PTR} (64-bit); the functions that take or return strings are the ANSI
 * ({@code A}) ones.
 */
final class WindowsWinscard implements Winscard {

    static native int SCardEstablishContext(int scope, Pointer reserved1, Pointer reserved2, Pointer context);

    static native int SCardReleaseContext(long context);

    static native int SCardListReadersA(long context, Pointer groups, Pointer readers, Pointer readersLength);

    static native int SCardGetStatusChangeA(long context, int timeout, Pointer readerStates, int count);

    static native int SCardCancel(long context);

    static native int SCardConnectA(long context, Pointer reader, int shareMode, int protocols, Pointer handle,
            Pointer activeProtocol);

    static native int SCardReconnect(long handle, int shareMode, int protocols, int initialization,
            Pointer activeProtocol);

    static native int SCardDisconnect(long handle, int disposition);

    static native int SCardBeginTransaction(long handle);

    static native int SCardEndTransaction(long handle, int disposition);

    static native int SCardTransmit(long handle, Pointer sendPci, Pointer send, int sendLength, Pointer receivePci,
            Pointer receive, Pointer receiveLength);

    static native int SCardControl(long handle, int code, Pointer in, int inLength, Pointer out, int outLength,
            Pointer returned);

    static native int SCardStatusA(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol,
            Pointer atr, Pointer atrLength);

    static native int SCardGetAttrib(long handle, int attribute, Pointer value, Pointer valueLength);

    @Override
    public int establishContext(int scope, Pointer context) {
        return SCardEstablishContext(scope, null, null, context);
    }

    @Override
    public int releaseContext(long context) {
        return SCardReleaseContext(context);
    }

    @Override
    public int listReaders(long context, Pointer readers, Pointer readersLength) {
        return SCardListReadersA(context, null, readers, readersLength);
    }

    @Override
    public int getStatusChange(long context, int timeout, Pointer readerStates, int count) {
        return SCardGetStatusChangeA(context, timeout, readerStates, count);
    }

    @Override
    public int cancel(long context) {
        return SCardCancel(context);
    }

    @Override
    public int connect(long context, Pointer reader, int shareMode, int protocols, Pointer handle,
            Pointer activeProtocol) {
        return SCardConnectA(context, reader, shareMode, protocols, handle, activeProtocol);
    }

    @Override
    public int reconnect(long handle, int shareMode, int protocols, int initialization, Pointer activeProtocol) {
        return SCardReconnect(handle, shareMode, protocols, initialization, activeProtocol);
    }

    @Override
    public int disconnect(long handle, int disposition) {
        return SCardDisconnect(handle, disposition);
    }

    @Override
    public int beginTransaction(long handle) {
        return SCardBeginTransaction(handle);
    }

    @Override
    public int endTransaction(long handle, int disposition) {
        return SCardEndTransaction(handle, disposition);
    }

    @Override
    public int transmit(long handle, Pointer sendPci, Pointer send, int sendLength, Pointer receive,
            Pointer receiveLength) {
        return SCardTransmit(handle, sendPci, send, sendLength, null, receive, receiveLength);
    }

    @Override
    public int control(long handle, int code, Pointer in, int inLength, Pointer out, int outLength,
            Pointer returned) {
        return SCardControl(handle, code, in, inLength, out, outLength, returned);
    }

    @Override
    public int status(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol, Pointer atr,
            Pointer atrLength) {
        return SCardStatusA(handle, reader, readerLength, state, protocol, atr, atrLength);
    }

    @Override
    public int getAttrib(long handle, int attribute, Pointer value, Pointer valueLength) {
        return SCardGetAttrib(handle, attribute, value, valueLength);
    }
}
