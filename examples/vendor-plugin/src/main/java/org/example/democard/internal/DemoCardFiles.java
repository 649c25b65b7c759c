package org.example.democard.internal;

import java.util.Map;

import org.cardmanage.api.service.FileInfo;

/**
 * The demo card's file system as its vendor documents it. Knowing it lets the plugin select without asking for
 * control parameters (on T=0 that saves a GET RESPONSE per SELECT) and read each file with its exact length.
 */
final class DemoCardFiles {
    static final int MF = 0x3F00;
    static final int EF_DIR = 0x2F00;
    static final int EF_BIG = 0x2F01;
    static final int EF_RECORDS = 0x0001;
    static final int DF_APPLICATION = 0x5000;
    static final int EF_PROTECTED = 0x5001;
    static final int EF_PUBLIC = 0x5002;
    static final byte[] AID = {(byte) 0xF0, 0x43, 0x4D, 0x53, 0x49, 0x4D, 0x00, 0x01};

    private static final Map<Integer, FileInfo> FILES = Map.of(
            MF, FileInfo.builder(FileInfo.Type.DF).fileId(MF).build(),
            EF_DIR, FileInfo.builder(FileInfo.Type.TRANSPARENT).fileId(EF_DIR).size(18).shortFileId(30).build(),
            EF_BIG, FileInfo.builder(FileInfo.Type.TRANSPARENT).fileId(EF_BIG).size(600).shortFileId(2).build(),
            EF_RECORDS, FileInfo.builder(FileInfo.Type.RECORD).fileId(EF_RECORDS).size(48).shortFileId(1)
                    .records(16, 3).build(),
            DF_APPLICATION, FileInfo.builder(FileInfo.Type.DF).fileId(DF_APPLICATION).dfName(AID).build(),
            EF_PROTECTED, FileInfo.builder(FileInfo.Type.TRANSPARENT).fileId(EF_PROTECTED).size(64).shortFileId(1)
                    .build(),
            EF_PUBLIC, FileInfo.builder(FileInfo.Type.TRANSPARENT).fileId(EF_PUBLIC).size(32).shortFileId(2).build());

    private DemoCardFiles() {
    }

    /** @return what the vendor knows about the file, or a bare record for a file it does not know */
    static FileInfo describe(int fileId) {
        FileInfo known = FILES.get(fileId);
        return known != null ? known : FileInfo.builder(FileInfo.Type.UNKNOWN).fileId(fileId).build();
    }
}
