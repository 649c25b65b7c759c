package org.cardmanage.remote.internal.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM blocks of a file (RFC 7468, plus the {@code Proc-Type} headers of old encrypted OpenSSL keys). Text outside
 * the blocks, as {@code openssl x509 -text} writes it, is ignored.
 */
final class Pem {
    /** Larger files are not TLS material; reading them would only waste memory on the handshake path. */
    private static final long MAX_SIZE = 1 << 20;
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ");

    /**
     * One block.
     *
     * @param label the word(s) after {@code BEGIN}, as {@code CERTIFICATE} or {@code PRIVATE KEY}
     * @param der the decoded content
     * @param encrypted an old OpenSSL {@code Proc-Type: 4,ENCRYPTED} block
     */
    record Block(String label, byte[] der, boolean encrypted) {
    }

    private Pem() {
    }

    /** The blocks of a file, in order; empty if the file has none. */
    static List<Block> read(Path file) throws TlsSetupException {
        String text = new String(bytes(file), StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String label = matcher.group(1);
            if (!label.equals(matcher.group(3))) {
                throw TlsSetupException.of(file,
                        "malformed PEM: BEGIN " + label + " ends with END " + matcher.group(3));
            }
            blocks.add(block(file, label, matcher.group(2)));
        }
        long begins = BEGIN.matcher(text).results().count();
        if (begins != blocks.size()) {
            throw TlsSetupException.of(file, "malformed PEM: a BEGIN line without its END line (truncated file?)");
        }
        return blocks;
    }

    private static Block block(Path file, String label, String body) throws TlsSetupException {
        StringBuilder base64 = new StringBuilder(body.length());
        boolean encrypted = false;
        for (String line : body.split("\r?\n|\r")) {
            if (line.indexOf(':') >= 0) {
                encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
            } else {
                base64.append(line.strip());
            }
        }
        try {
            return new Block(label, Base64.getDecoder().decode(base64.toString()), encrypted);
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes a character of the content: not repeated here, the block may be a key
            throw TlsSetupException.of(file, "malformed PEM: the " + label + " block is not valid base64");
        }
    }

    private static byte[] bytes(Path file) throws TlsSetupException {
        try {
            if (Files.isDirectory(file)) {
                throw TlsSetupException.of(file, "cannot be read: it is a directory");
            }
            if (Files.size(file) > MAX_SIZE) {
                throw TlsSetupException.of(file, "is larger than " + MAX_SIZE + " bytes: not a PEM file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw TlsSetupException.of(file, "does not exist");
        } catch (AccessDeniedException e) {
            throw TlsSetupException.of(file, "cannot be read: permission denied");
        } catch (IOException e) {
            throw TlsSetupException.of(file, "cannot be read: " + e, e);
        }
    }
}
