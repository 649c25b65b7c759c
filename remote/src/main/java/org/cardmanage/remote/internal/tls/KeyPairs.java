package org.cardmanage.remote.internal.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Whether a private key belongs to a certificate: the key signs a random challenge and the certificate's public key
 * verifies it. That works alike for every key type, needs no access to the keys' parameters, and costs a fraction of
 * a millisecond when files are loaded.
 */
final class KeyPairs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    static void requireMatch(PrivateKey key, X509Certificate certificate, Path keyFile, Path certificateFile)
            throws TlsSetupException {
        PublicKey publicKey = certificate.getPublicKey();
        String keyType = family(key.getAlgorithm());
        String certificateType = family(publicKey.getAlgorithm());
        if (!keyType.equals(certificateType)) {
            throw TlsSetupException.of(keyFile, "holds an " + keyType + " key but the certificate in "
                    + certificateFile + " is for an " + certificateType + " key: they are not a pair");
        }
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        boolean verified;
        try {
            Signature signer = signature(keyType);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(keyType);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            verified = verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            throw TlsSetupException.of(keyFile, "cannot be checked against the certificate in " + certificateFile
                    + ": " + e.getMessage(), e);
        }
        if (!verified) {
            throw TlsSetupException.of(keyFile, "does not belong to the certificate in " + certificateFile + " ("
                    + PemFiles.subject(certificate) + "): they are not a pair");
        }
    }

    private static String family(String algorithm) {
        return algorithm.startsWith("Ed") ? "EdDSA" : algorithm;
    }

    private static Signature signature(String keyType) throws GeneralSecurityException {
        switch (keyType) {
            case "RSA":
                return Signature.getInstance("SHA256withRSA");
            case "EC":
                return Signature.getInstance("SHA256withECDSA");
            case "EdDSA":
                return Signature.getInstance("EdDSA");
            case "RSASSA-PSS":
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                return pss;
            default:
                throw new GeneralSecurityException("unsupported key type " + keyType);
        }
    }
}
