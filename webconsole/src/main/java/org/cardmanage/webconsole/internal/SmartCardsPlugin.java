package org.cardmanage.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.hc.api.execution.HealthCheckExecutor;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.admin.CardAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The "Smart Cards" page of the Apache Felix Web Console (5.x takes a plain Jakarta servlet with the
 * {@code felix.webconsole.*} properties as a plugin, and puts its authentication in front of it).
 *
 * <ul>
 * <li>{@code GET /system/console/smartcards}: the page, an empty frame that {@code res/smartcards.js} fills.</li>
 * <li>{@code GET /system/console/smartcards/data.json}: everything the page shows, as JSON; the script fetches it
 * every two seconds. A GET never changes anything.</li>
 * <li>{@code POST /system/console/smartcards} with {@code action=detach|insert|remove}: the operator's actions,
 * accepted only with the {@value #GUARD_HEADER} header, which a cross-site form cannot send.</li>
 * </ul>
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + SmartCardsPlugin.LABEL,
    "felix.webconsole.title=" + SmartCardsPlugin.TITLE,
    "felix.webconsole.category=" + SmartCardsPlugin.CATEGORY,
    "felix.webconsole.css=/" + SmartCardsPlugin.LABEL + "/res/smartcards.css"
})
public final class SmartCardsPlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The last segment of the page's address. */
    static final String LABEL = "smartcards";
    static final String TITLE = "Smart Cards";
    static final String CATEGORY = "cardmanage";
    /** The header every action must carry: a browser sends it only from the page's own script. */
    static final String GUARD_HEADER = "X-CardManage-Request";
    static final String DATA_PATH = "/data.json";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CardManager manager;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CardAdmin admin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SimCards sim;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthCheckExecutor healthChecks;
    @Reference
    private volatile EventLog events;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.endsWith(DATA_PATH)) {
            Map<String, Object> data = ConsoleData.snapshot(manager, admin, events.recent(), sim,
                    HealthView.of(healthChecks), Instant.now());
            json(response, HttpServletResponse.SC_OK, data);
        } else if (path.endsWith(".json")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        } else {
            page(request, response.getWriter());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getHeader(GUARD_HEADER) == null) {
            json(response, HttpServletResponse.SC_FORBIDDEN, Map.of("ok", false, "message",
                    "actions are accepted only from the Smart Cards page (header " + GUARD_HEADER + " missing)"));
            return;
        }
        Map<String, String> params = new HashMap<>();
        for (String name : List.of("action", "id", "disposition", "reader", "profile")) {
            String value = request.getParameter(name);
            if (value != null) {
                params.put(name, value);
            }
        }
        String user = request.getRemoteUser() != null ? request.getRemoteUser() : "an operator";
        ConsoleActions.Outcome outcome = ConsoleActions.run(params, user, admin, sim);
        json(response, outcome.status(), Map.of("ok", outcome.ok(), "message", outcome.message()));
    }

    private static void json(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.write(body));
    }

    /** The frame the script fills; inside the Web Console's own header, navigation and footer. */
    private static void page(HttpServletRequest request, PrintWriter out) {
        Object root = request.getAttribute("felix.webconsole.pluginRoot");
        String pluginRoot = escape(root != null ? root.toString() : request.getContextPath() + "/" + LABEL);
        out.println("<div id='cardmanage' data-plugin-root='" + pluginRoot + "'>");
        out.println("  <p class='statline' id='cm-status'>Loading&hellip;</p>");
        out.println("  <h2>Health</h2><div id='cm-health'></div>");
        out.println("  <h2>Readers</h2><div id='cm-readers'></div>");
        out.println("  <h2>Attachments</h2><div id='cm-attachments'></div>");
        out.println("  <h2>Recent card events</h2><div id='cm-events'></div>");
        out.println("</div>");
        out.println("<script src='" + pluginRoot + "/res/smartcards.js'></script>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
