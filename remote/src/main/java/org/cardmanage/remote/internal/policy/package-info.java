/** The farm's authorization of clients by certificate identity: rules, and the PIN-try allowance. */
package org.cardmanage.remote.internal.policy;
