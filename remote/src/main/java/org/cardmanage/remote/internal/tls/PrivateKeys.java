package org.cardmanage.remote.internal.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Private keys from PEM blocks: PKCS#8 ({@code PRIVATE KEY}) with an RSA, RSASSA-PSS, EC or EdDSA key, and the two
 * traditional OpenSSL forms {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (SEC 1), which are rewrapped
 * as PKCS#8. Encrypted keys are refused with the command that stores them unencrypted.
 */
final class PrivateKeys {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] RSA = HEX.parseHex("2a864886f70d010101");
    private static final byte[] RSASSA_PSS = HEX.parseHex("2a864886f70d01010a");
    private static final byte[] EC = HEX.parseHex("2a8648ce3d0201");
    private static final byte[] ED25519 = HEX.parseHex("2b6570");
    private static final byte[] ED448 = HEX.parseHex("2b6571");
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};
    private static final byte[] DER_NULL = {0x05, 0};

    private PrivateKeys() {
    }

    /** Whether a block of this label holds a private key of any form, supported or not. */
    static boolean isPrivateKey(String label) {
        return label.endsWith("PRIVATE KEY");
    }

    /** The key in {@code block}, a block of {@code file} for which {@link #isPrivateKey} holds. */
    static PrivateKey decode(Path file, Pem.Block block) throws TlsSetupException {
        String label = block.label();
        if (block.encrypted() || label.equals("ENCRYPTED PRIVATE KEY")) {
            throw TlsSetupException.of(file, "the private key is encrypted; store it unencrypted (mode 0600): "
                    + convert(file));
        }
        try {
            switch (label) {
                case "PRIVATE KEY":
                    return pkcs8(block.der());
                case "RSA PRIVATE KEY":
                    return pkcs8(Der.sequence(VERSION_0, Der.sequence(Der.encode(Der.OID, RSA), DER_NULL),
                            Der.encode(Der.OCTET_STRING, block.der())));
                case "EC PRIVATE KEY":
                    return pkcs8(Der.sequence(VERSION_0, Der.sequence(Der.encode(Der.OID, EC), curve(file, block)),
                            Der.encode(Der.OCTET_STRING, block.der())));
                default:
                    throw TlsSetupException.of(file, "a " + label + " is not supported; store the key as PKCS#8: "
                            + convert(file));
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            // messages of the key parsers describe the structure, never the key's value
            throw TlsSetupException.of(file, "the " + label + " block is not a valid private key (" + e.getMessage()
                    + "); a PKCS#8 key is expected: " + convert(file), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        List<Der.Element> key = Der.sequence(der);
        if (key.size() < 3 || key.get(1).tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        }
        byte[] oid = Der.sequence(key.get(1).encoded()).get(0).content();
        return KeyFactory.getInstance(algorithm(oid)).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String algorithm(byte[] oid) {
        if (Arrays.equals(oid, RSA)) {
            return "RSA";
        } else if (Arrays.equals(oid, RSASSA_PSS)) {
            return "RSASSA-PSS";
        } else if (Arrays.equals(oid, EC)) {
            return "EC";
        } else if (Arrays.equals(oid, ED25519) || Arrays.equals(oid, ED448)) {
            return "EdDSA";
        }
        throw new IllegalArgumentException("unsupported key algorithm; RSA, EC and EdDSA keys are supported");
    }

    /** The named curve of a SEC 1 key: its optional {@code [0]} element. */
    private static byte[] curve(Path file, Pem.Block block) throws TlsSetupException {
        for (Der.Element element : Der.sequence(block.der())) {
            if (element.tag() == Der.CONTEXT_0) {
                byte[] curve = element.content();
                if (curve.length > 0 && curve[0] == Der.OID) {
                    return curve;
                }
            }
        }
        throw TlsSetupException.of(file, "the EC PRIVATE KEY does not name its curve; store the key as PKCS#8: "
                + convert(file));
    }

    private static String convert(Path file) {
        return "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out NEW.key";
    }
}
