package org.cardmanage.remote.internal.client;

/** One call to a farm's service, run by {@link FarmLink#call} within its bound. */
@FunctionalInterface
interface RemoteCall<T> {
    T run() throws Exception;
}
