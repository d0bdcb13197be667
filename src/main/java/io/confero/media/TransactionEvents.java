package io.confero.media;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.kurento.client.KurentoObject;
import org.kurento.client.Transaction;
import org.kurento.client.internal.TransactionImpl;
import org.kurento.client.internal.client.RemoteObject;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.client.internal.client.operation.Operation;
import org.kurento.client.internal.transport.jsonrpc.RomClientJsonRpcClient;
import org.kurento.client.internal.transport.jsonrpc.RomClientJsonRpcClient.RequestAndResponseType;
import org.kurento.jsonrpc.Props;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of an element created in a transaction, subscribed to in the same transaction. kurento-client 7.3
 * gets both wrong: an object made in a transaction is never registered for events under its real id (its events
 * are dropped), and its own subscription operation subscribes a second time once committed (every event would
 * come twice, for one more request). Here the subscription is one operation of the transaction, and after the
 * commit the object's events reach the handlers given here.
 */
final class TransactionEvents {

    private static final Logger log = LoggerFactory.getLogger(TransactionEvents.class);

    private final KurentoObject object;
    private final Map<String, Consumer<Props>> handlers = new ConcurrentHashMap<>();

    TransactionEvents(KurentoObject object) {
        this.object = object;
    }

    /** Subscribes to {@code eventType} inside {@code tx}; {@code handler} gets the event's data. */
    void subscribe(Transaction tx, String eventType, Consumer<Props> handler) {
        handlers.put(eventType, handler);
        ((TransactionImpl) tx).addOperation(new Subscription(object, eventType));
    }

    /**
     * Once the transaction is committed: the object's events from now on reach the handlers, for as long as the
     * returned receiver is referenced (kurento-client's registry holds it weakly, as it does its own objects, which
     * their proxies keep alive).
     */
    Object attach() {
        RemoteObject created = RemoteObjectInvocationHandler.getFor(object).getRemoteObject();
        Receiver receiver = new Receiver(created, handlers);
        receiver.setKurentoObject(object);
        return receiver;
    }

    /** A subscription as one operation of a transaction (its id is not needed: releasing ends it). */
    private static final class Subscription extends Operation {

        private final KurentoObject target;
        private final String eventType;

        Subscription(KurentoObject target, String eventType) {
            this.target = target;
            this.eventType = eventType;
        }

        @Override
        public RequestAndResponseType createRequest(RomClientJsonRpcClient client) {
            return client.createSubscribeRequest(getObjectRef(target), eventType);
        }

        @Override
        public void processResponse(Object response) {
        }

        @Override
        public String getDescription() {
            return "Event subscription of type " + eventType;
        }
    }

    /**
     * Stands for the object in kurento-client's registry under its real id (registering itself on creation):
     * events go to the handlers, everything else to the object's own proxy.
     */
    private static final class Receiver extends RemoteObject {

        private final Map<String, Consumer<Props>> handlers;

        Receiver(RemoteObject created, Map<String, Consumer<Props>> handlers) {
            super(created.getObjectRef(), created.getType(), created.getRomManager());
            this.handlers = handlers;
        }

        @Override
        public void fireEvent(String type, Props data) {
            Consumer<Props> handler = handlers.get(type);
            if (handler == null) {
                return;
            }
            try {
                handler.accept(data);
            } catch (RuntimeException e) {
                log.warn("Handling {} of {} failed", type, getObjectRef(), e);
            }
        }
    }
}
