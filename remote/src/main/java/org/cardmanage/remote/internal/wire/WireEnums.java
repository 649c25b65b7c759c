package org.cardmanage.remote.internal.wire;

import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;

/**
 * The API's share modes, protocols and dispositions and their wire values, both ways. A wire value this side does
 * not know (UNSPECIFIED, or a number from a newer peer) is an {@link IllegalArgumentException} naming it: the farm
 * answers INVALID_ARGUMENT, the client reports a malformed answer.
 */
public final class WireEnums {

    private WireEnums() {
    }

    public static ShareMode shareMode(org.cardmanage.remote.internal.wire.ShareMode wire) {
        return switch (wire) {
            case SHARE_MODE_SHARED -> ShareMode.SHARED;
            case SHARE_MODE_EXCLUSIVE -> ShareMode.EXCLUSIVE;
            case SHARE_MODE_DIRECT -> ShareMode.DIRECT;
            default -> throw new IllegalArgumentException("share mode " + wire + " is not SHARED, EXCLUSIVE or DIRECT");
        };
    }

    public static org.cardmanage.remote.internal.wire.ShareMode wire(ShareMode mode) {
        return switch (mode) {
            case SHARED -> org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_SHARED;
            case EXCLUSIVE -> org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_EXCLUSIVE;
            case DIRECT -> org.cardmanage.remote.internal.wire.ShareMode.SHARE_MODE_DIRECT;
        };
    }

    public static Protocol protocol(org.cardmanage.remote.internal.wire.Protocol wire) {
        return switch (wire) {
            case PROTOCOL_T0 -> Protocol.T0;
            case PROTOCOL_T1 -> Protocol.T1;
            case PROTOCOL_RAW -> Protocol.RAW;
            default -> throw new IllegalArgumentException("protocol " + wire + " is not T0, T1 or RAW");
        };
    }

    public static org.cardmanage.remote.internal.wire.Protocol wire(Protocol protocol) {
        return switch (protocol) {
            case T0 -> org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T0;
            case T1 -> org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_T1;
            case RAW -> org.cardmanage.remote.internal.wire.Protocol.PROTOCOL_RAW;
        };
    }

    public static Disposition disposition(org.cardmanage.remote.internal.wire.Disposition wire) {
        return switch (wire) {
            case DISPOSITION_LEAVE -> Disposition.LEAVE;
            case DISPOSITION_RESET -> Disposition.RESET;
            case DISPOSITION_UNPOWER -> Disposition.UNPOWER;
            case DISPOSITION_EJECT -> Disposition.EJECT;
            default -> throw new IllegalArgumentException("disposition " + wire
                    + " is not LEAVE, RESET, UNPOWER or EJECT");
        };
    }

    public static org.cardmanage.remote.internal.wire.Disposition wire(Disposition disposition) {
        return switch (disposition) {
            case LEAVE -> org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_LEAVE;
            case RESET -> org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_RESET;
            case UNPOWER -> org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_UNPOWER;
            case EJECT -> org.cardmanage.remote.internal.wire.Disposition.DISPOSITION_EJECT;
        };
    }
}
