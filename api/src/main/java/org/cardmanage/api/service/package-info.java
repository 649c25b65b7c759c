/**
 * The standard card-service interfaces: typed views of a card that card-service plugins make and
 * {@link org.cardmanage.api.Attachment#createInterface(Class)} hands out (the Smart Card Service Provider's
 * {@code ISCardFileAccess}, {@code ISCardVerify} and {@code ISCardAuth}), with the values and exceptions they use.
 *
 * <p>Applications call these interfaces; plugins implement them, so they are {@code @ConsumerType}: a new method
 * would be a major change. Every method declares {@link org.cardmanage.api.CardException}, so the core can report a
 * plugin that went away as a {@link org.cardmanage.api.service.CardServiceUnavailableException}.
 *
 * <p>Secrets (PINs, PUKs) are passed as {@code char[]} that the caller may clear afterwards; no implementation logs
 * them or puts them into an exception message or a {@code toString()}.
 */
@Version("1.0.0")
@Export
package org.cardmanage.api.service;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
