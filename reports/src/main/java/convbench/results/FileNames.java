package convbench.results;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Turns text that comes from result files (an implementation, a direction, a machine label)
 * into one safe file name. Result files are written by other machines and other people, so a
 * {@code direction} of {@code ../../x} must never reach a path as it stands.
 */
public final class FileNames {
    /** Longest name this returns, well under every file system's limit of 255 bytes. */
    static final int MAX_LENGTH = 120;

    private FileNames() {
    }

    /**
     * The name itself when it is already made of letters, digits, {@code .}, {@code _} and
     * {@code -} (and does not start with a dot); otherwise every other character becomes
     * {@code _}, leading dots are dropped, and a short checksum of the original is appended so
     * that two different names (e.g. {@code a/b} and {@code a_b}) never end up as one file.
     */
    public static String safe(String name) {
        String text = name == null ? "" : name;
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            sb.append(plain ? c : '_');
        }
        while (sb.length() > 0 && sb.charAt(0) == '.') {
            sb.deleteCharAt(0);
        }
        String cleaned = sb.toString();
        if (cleaned.equals(text) && !cleaned.isEmpty() && cleaned.length() <= MAX_LENGTH) {
            return cleaned;
        }
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        String suffix = String.format(Locale.ROOT, "-%08x", crc.getValue());
        String head = cleaned.isEmpty() ? "unnamed" : cleaned;
        if (head.length() > MAX_LENGTH - suffix.length()) {
            head = head.substring(0, MAX_LENGTH - suffix.length());
        }
        return head + suffix;
    }
}
