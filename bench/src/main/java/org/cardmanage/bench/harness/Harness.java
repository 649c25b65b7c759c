package org.cardmanage.bench.harness;

import java.io.PrintStream;
import java.util.Locale;

import org.cardmanage.bench.Figure;

/**
 * A measurement JMH cannot express well (shares between threads, heap per attachment, time to revoke 10 000
 * attachments, event latency). Each runs in a JVM of its own, started by {@link org.cardmanage.bench.BenchMain}, and
 * prints its figures as {@link Figure} lines.
 */
public abstract class Harness {
    /** quick or full. */
    protected final boolean full;
    private PrintStream out;

    protected Harness(boolean full, PrintStream out) {
        this.full = full;
        this.out = out;
    }

    public abstract void run() throws Exception;

    /** Prints the figures there instead (for tests). */
    void redirect(PrintStream to) {
        out = to;
    }

    protected void figure(String id, double value, double error, String unit, String mode, String note) {
        out.println(new Figure(id, value, error, unit, mode, note).toLine());
        out.flush();
    }

    /** Tells the orchestrating process that a group of figures could not be measured here, and why. */
    protected void skip(String group, String reason) {
        out.println("SKIP\t" + group + "\t" + reason.replace('\t', ' ').replace('\n', ' '));
        out.flush();
    }

    protected void log(String format, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, format, args));
    }

    /** Entry point of a harness JVM: {@code HarnessMain name quick|full}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Harness scaling|fairness|scale|clientstop|events|pcsc|remote quick|full");
        }
        boolean full = "full".equals(args[1]);
        Harness harness = switch (args[0]) {
            case "fairness" -> new Fairness(full, System.out);
            case "scaling" -> new Scaling(full, System.out);
            case "scale" -> new Scale(full, System.out);
            case "clientstop" -> new ClientStop(full, System.out);
            case "events" -> new SimEvents(full, System.out);
            case "pcsc" -> new Pcsc(full, System.out);
            case "remote" -> new Remote(full, System.out);
            default -> throw new IllegalArgumentException("unknown harness " + args[0]);
        };
        harness.run();
        System.out.flush();
        // The embedded framework is stopped by now; daemon threads of the JDK's PC/SC provider may linger.
        System.exit(0);
    }
}
