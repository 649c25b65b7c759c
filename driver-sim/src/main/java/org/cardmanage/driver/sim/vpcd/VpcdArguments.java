package org.cardmanage.driver.sim.vpcd;

/** The command line of {@link VpcdCard#main}. */
record VpcdArguments(String host, int port, String profile, boolean once, boolean help) {

    static final String USAGE = "usage: java -cp driver-sim.jar org.cardmanage.driver.sim.vpcd.VpcdCard"
            + " [--host HOST (127.0.0.1)] [--port PORT (35963; 35964 is the second reader)]"
            + " [--profile demo|demo-t0 (demo)] [--once: do not reconnect when vpcd closes the connection]";

    /**
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    static VpcdArguments parse(String[] args) {
        String host = VpcdCard.DEFAULT_HOST;
        int port = VpcdCard.DEFAULT_PORT;
        String profile = "demo";
        boolean once = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--host" -> host = value(args, ++i, arg);
                case "--port" -> port = port(value(args, ++i, arg));
                case "--profile" -> profile = value(args, ++i, arg);
                case "--once" -> once = true;
                case "-h", "--help" -> {
                    return new VpcdArguments(host, port, profile, once, true);
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new VpcdArguments(host, port, profile, once, false);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 0xFFFF) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number 1..65535, was '" + text + "'");
    }
}
