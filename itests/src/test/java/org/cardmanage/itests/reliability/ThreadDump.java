package org.cardmanage.itests.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Thread dumps for failure messages: a test that finds a thread still running shows where every thread is. */
final class ThreadDump {

    private ThreadDump() {
    }

    /** @return the stacks of the given threads, then every thread's, with the monitors and locks they hold */
    static String of(Collection<Thread> suspects) {
        StringBuilder dump = new StringBuilder();
        for (Thread thread : suspects) {
            dump.append("\n--- still running: '").append(thread.getName()).append("' ").append(thread.getState());
            for (StackTraceElement frame : thread.getStackTrace()) {
                dump.append("\n\tat ").append(frame);
            }
        }
        dump.append("\n--- all threads:");
        ThreadInfo[] all = ManagementFactory.getThreadMXBean().dumpAllThreads(true, true);
        dump.append(Arrays.stream(all).map(ThreadDump::format).collect(Collectors.joining()));
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        dump.append("\n--- deadlocked thread ids: ").append(deadlocked == null ? "none" : Arrays.toString(deadlocked));
        return dump.toString();
    }

    private static String format(ThreadInfo info) {
        StringBuilder text = new StringBuilder("\n'").append(info.getThreadName()).append("' ")
                .append(info.getThreadState());
        if (info.getLockName() != null) {
            text.append(" on ").append(info.getLockName());
        }
        if (info.getLockOwnerName() != null) {
            text.append(" owned by '").append(info.getLockOwnerName()).append('\'');
        }
        for (StackTraceElement frame : info.getStackTrace()) {
            text.append("\n\tat ").append(frame);
        }
        return text.toString();
    }
}
