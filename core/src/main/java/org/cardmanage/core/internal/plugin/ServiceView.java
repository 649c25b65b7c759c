package org.cardmanage.core.internal.plugin;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.service.CardServiceUnavailableException;
import org.cardmanage.core.internal.CoreLog;

/**
 * The handler behind the proxy an application gets from {@code createInterface}. It forwards to the plugin's object
 * while the plugin's factory is registered, the attachment is attached and still reaches the card the view was made
 * for; otherwise it throws the exception that says which of these went away. Whatever the plugin throws is contained
 * here (see {@link #contain}), so an application never sees a linkage error from a dead plugin class loader.
 *
 * <p>Arguments are never logged or put into messages: they may be PINs.
 */
final class ServiceView implements InvocationHandler {
    private final Class<?> serviceInterface;
    private final PluginRegistration plugin;
    private final Attachment attachment;
    private final Optional<CardHandle> card;
    private volatile Object target;

    ServiceView(Class<?> serviceInterface, PluginRegistration plugin, Attachment attachment,
            Optional<CardHandle> card, Object target) {
        this.serviceInterface = serviceInterface;
        this.plugin = plugin;
        this.attachment = attachment;
        this.card = card;
        this.target = target;
    }

    /** Drops the plugin's object, so the view keeps nothing of a plugin that went away. */
    void release() {
        target = null;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        Object current = usableTarget();
        try {
            return method.invoke(current, args);
        } catch (InvocationTargetException e) {
            throw contain(method, e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new CardException(ScardError.SCARD_F_INTERNAL_ERROR, "could not call " + what(method) + ": " + e);
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> toString();
        };
    }

    /** @return the plugin's object, if the view may be used now */
    private Object usableTarget() throws CardException {
        if (attachment.state() == AttachmentState.DETACHED) {
            release();
            throw new AttachmentClosedException("attachment " + attachment.id() + " on reader '"
                    + attachment.readerName() + "' is detached, so its " + serviceInterface.getSimpleName()
                    + " view from plugin " + plugin.pluginName() + " no longer works");
        }
        Object current = target;
        if (current == null || !plugin.isLive()) {
            release();
            throw gone();
        }
        Optional<CardHandle> now = attachment.handle();
        if (card.isPresent() && now.isPresent() && !card.get().equals(now.get())) {
            throw new CardRemovedException("the " + serviceInterface.getSimpleName() + " view of attachment "
                    + attachment.id() + " was made for a card that has left reader '" + attachment.readerName()
                    + "'; call createInterface again for the card now in it");
        }
        return current;
    }

    private CardServiceUnavailableException gone() {
        return new CardServiceUnavailableException("the " + serviceInterface.getName() + " view of attachment "
                + attachment.id() + " on reader '" + attachment.readerName() + "' no longer works: its plugin "
                + plugin.pluginName() + " went away (stopped, updated or uninstalled); call createInterface again");
    }

    /**
     * Translates what the plugin's object threw. A {@link CardException} (the declared failure) and an
     * {@link IllegalArgumentException} (the API's answer to a malformed argument) pass as they are; anything else is
     * a plugin fault and becomes a {@code CardException} that names the plugin. Throwables of the plugin's own classes
     * are not passed on as causes: they would keep its class loader reachable; the log has them.
     */
    private Throwable contain(Method method, Throwable thrown) {
        if (thrown instanceof CardException || thrown instanceof IllegalArgumentException) {
            return thrown;
        }
        if (thrown instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
            return fatal;
        }
        if (!plugin.isLive() || thrown instanceof LinkageError) {
            release();
            CoreLog.warn("plugin " + plugin.describe() + " failed in " + what(method) + " after it went away: "
                    + thrown);
            return plugin.isLive() ? new CardServiceUnavailableException("plugin " + plugin.pluginName()
                    + " cannot load its classes any more in " + what(method) + " (" + thrown.getClass().getName()
                    + "); it was probably updated or uninstalled; call createInterface again") : gone();
        }
        CoreLog.warn("plugin " + plugin.describe() + " failed in " + what(method) + " on reader '"
                + attachment.readerName() + "'", thrown);
        return new CardException(ScardError.SCARD_F_INTERNAL_ERROR, "plugin " + plugin.pluginName() + " failed in "
                + what(method) + " on reader '" + attachment.readerName() + "': " + thrown.getClass().getName(),
                isPlatformClass(thrown) ? thrown : null);
    }

    private String what(Method method) {
        return serviceInterface.getSimpleName() + "." + method.getName();
    }

    private static boolean isPlatformClass(Throwable thrown) {
        return thrown.getClass().getModule().isNamed();
    }

    /** @return e.g. {@code FileAccess view of attachment a-3 from plugin org.cardmanage.plugin.iso7816 [12]} */
    @Override
    public String toString() {
        return serviceInterface.getSimpleName() + " view of attachment " + attachment.id() + " from plugin "
                + plugin.pluginName() + (target == null ? " (released)" : "");
    }
}
