package org.cardmanage.driver.sim.internal.card;

/** The ISO 7816-4 status words the simulated card answers with. */
final class StatusWord {

    static final int OK = 0x9000;
    static final int BYTES_REMAINING = 0x6100; // | number of bytes still available
    static final int END_OF_FILE = 0x6282;
    static final int COUNTER = 0x63C0; // | retries left
    static final int WRONG_LENGTH = 0x6700;
    static final int CHANNEL_NOT_SUPPORTED = 0x6881;
    static final int SM_NOT_SUPPORTED = 0x6882;
    static final int CHAINING_NOT_SUPPORTED = 0x6884;
    static final int INCOMPATIBLE_FILE = 0x6981;
    static final int SECURITY_NOT_SATISFIED = 0x6982;
    static final int AUTH_METHOD_BLOCKED = 0x6983;
    static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    static final int NO_CURRENT_EF = 0x6986;
    static final int WRONG_DATA = 0x6A80;
    static final int FUNCTION_NOT_SUPPORTED = 0x6A81;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int RECORD_NOT_FOUND = 0x6A83;
    static final int NOT_ENOUGH_MEMORY = 0x6A84;
    static final int WRONG_P1P2 = 0x6A86;
    static final int REFERENCE_NOT_FOUND = 0x6A88;
    static final int OFFSET_OUTSIDE_EF = 0x6B00;
    static final int WRONG_LE = 0x6C00; // | exact length
    static final int INS_NOT_SUPPORTED = 0x6D00;
    static final int CLA_NOT_SUPPORTED = 0x6E00;
    static final int NO_PRECISE_DIAGNOSIS = 0x6F00;

    private StatusWord() {
    }

    /** {@code 61xx} or {@code 6Cxx}: the low byte carries a length, where 00 stands for 256 or more. */
    static int withLength(int base, int length) {
        return base | (Math.min(length, 256) & 0xFF);
    }
}
