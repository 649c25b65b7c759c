/** The mapping of failures to gRPC statuses and back, used by both sides of the wire. */
package org.cardmanage.remote.internal.errors;
