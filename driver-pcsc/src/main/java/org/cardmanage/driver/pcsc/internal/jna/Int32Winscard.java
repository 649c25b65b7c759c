package org.cardmanage.driver.pcsc.internal.jna;

import com.sun.jna.Pointer;

/**
 * Apple's PCSC framework, and pcsc-lite where C {@code long} is 32 bits: {@code DWORD}, {@code LONG},
 * {@code SCARDCONTEXT} and {@code SCARDHANDLE} are all 32-bit.
 */
final class Int32Winscard implements Winscard {

    static native int SCardEstablishContext(int scope, Pointer reserved1, Pointer reserved2, Pointer context);

    static native int SCardReleaseContext(int context);

    static native int SCardListReaders(int context, Pointer groups, Pointer readers, Pointer readersLength);

    static native int SCardGetStatusChange(int context, int timeout, Pointer readerStates, int count);

    static native int SCardCancel(int context);

    static native int SCardConnect(int context, Pointer reader, int shareMode, int protocols, Pointer handle,
            Pointer activeProtocol);

    static native int SCardReconnect(int handle, int shareMode, int protocols, int initialization,
            Pointer activeProtocol);

    static native int SCardDisconnect(int handle, int disposition);

    static native int SCardBeginTransaction(int handle);

    static native int SCardEndTransaction(int handle, int disposition);

    static native int SCardTransmit(int handle, Pointer sendPci, Pointer send, int sendLength, Pointer receivePci,
            Pointer receive, Pointer receiveLength);

    static native int SCardControl(int handle, int code, Pointer in, int inLength, Pointer out, int outLength,
            Pointer returned);

    static native int SCardStatus(int handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol,
            Pointer atr, Pointer atrLength);

    static native int SCardGetAttrib(int handle, int attribute, Pointer value, Pointer valueLength);

    @Override
    public int establishContext(int scope, Pointer context) {
        return SCardEstablishContext(scope, null, null, context);
    }

    @Override
    public int releaseContext(long context) {
        return SCardReleaseContext((int) context);
    }

    @Override
    public int listReaders(long context, Pointer readers, Pointer readersLength) {
        return SCardListReaders((int) context, null, readers, readersLength);
    }

    @Override
    public int getStatusChange(long context, int timeout, Pointer readerStates, int count) {
        return SCardGetStatusChange((int) context, timeout, readerStates, count);
    }

    @Override
    public int cancel(long context) {
        return SCardCancel((int) context);
    }

    @Override
    public int connect(long context, Pointer reader, int shareMode, int protocols, Pointer handle,
            Pointer activeProtocol) {
        return SCardConnect((int) context, reader, shareMode, protocols, handle, activeProtocol);
    }

    @Override
    public int reconnect(long handle, int shareMode, int protocols, int initialization, Pointer activeProtocol) {
        return SCardReconnect((int) handle, shareMode, protocols, initialization, activeProtocol);
    }

    @Override
    public int disconnect(long handle, int disposition) {
        return SCardDisconnect((int) handle, disposition);
    }

    @Override
    public int beginTransaction(long handle) {
        return SCardBeginTransaction((int) handle);
    }

    @Override
    public int endTransaction(long handle, int disposition) {
        return SCardEndTransaction((int) handle, disposition);
    }

    @Override
    public int transmit(long handle, Pointer sendPci, Pointer send, int sendLength, Pointer receive,
            Pointer receiveLength) {
        return SCardTransmit((int) handle, sendPci, send, sendLength, null, receive, receiveLength);
    }

    @Override
    public int control(long handle, int code, Pointer in, int inLength, Pointer out, int outLength,
            Pointer returned) {
        return SCardControl((int) handle, code, in, inLength, out, outLength, returned);
    }

    @Override
    public int status(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol, Pointer atr,
            Pointer atrLength) {
        return SCardStatus((int) handle, reader, readerLength, state, protocol, atr, atrLength);
    }

    @Override
    public int getAttrib(long handle, int attribute, Pointer value, Pointer valueLength) {
        return SCardGetAttrib((int) handle, attribute, value, valueLength);
    }
}
