package org.cardmanage.driver.pcsc.internal.jna;

import com.sun.jna.Pointer;

/**
 * The winscard functions, one implementation per binary interface ({@link Abi}), each bound by JNA direct mapping.
 * Every argument is already in the library's encoding (protocols, control codes); {@code DWORD} values are passed as
 * {@code int} and taken as unsigned 32-bit; handles and contexts as {@code long}. Out-parameters point into native
 * memory of the caller sized by {@link Abi#dwordSize()} and {@link Abi#handleSize()}. Each method returns the
 * function's {@code LONG} result, narrowed to the 32-bit PC/SC code.
 */
interface Winscard {

    int establishContext(int scope, Pointer context);

    int releaseContext(long context);

    int listReaders(long context, Pointer readers, Pointer readersLength);

    int getStatusChange(long context, int timeout, Pointer readerStates, int count);

    int cancel(long context);

    int connect(long context, Pointer reader, int shareMode, int protocols, Pointer handle, Pointer activeProtocol);

    int reconnect(long handle, int shareMode, int protocols, int initialization, Pointer activeProtocol);

    int disconnect(long handle, int disposition);

    int beginTransaction(long handle);

    int endTransaction(long handle, int disposition);

    int transmit(long handle, Pointer sendPci, Pointer send, int sendLength, Pointer receive, Pointer receiveLength);

    int control(long handle, int code, Pointer in, int inLength, Pointer out, int outLength, Pointer returned);

    int status(long handle, Pointer reader, Pointer readerLength, Pointer state, Pointer protocol, Pointer atr,
            Pointer atrLength);

    int getAttrib(long handle, int attribute, Pointer value, Pointer valueLength);
}
