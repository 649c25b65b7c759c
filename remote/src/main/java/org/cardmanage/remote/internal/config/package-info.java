/** Strict reading of configuration properties, shared by the farm and the client side. */
package org.cardmanage.remote.internal.config;
