package org.cardmanage.remote.internal.wire;

import com.google.protobuf.Message;

import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * The {@code cardmanage.remote.v1.CardFarm} service of {@code card_farm.proto} as gRPC method descriptors: what
 * {@code protoc-gen-grpc-java} would generate, declared here because that generator is not available to the build.
 * The full method names are {@code cardmanage.remote.v1.CardFarm/NAME}, so any client generated from the proto file
 * interoperates.
 */
public final class CardFarmGrpc {
    /** The service's full name in the contract. */
    public static final String SERVICE = "cardmanage.remote.v1.CardFarm";

    public static final MethodDescriptor<GetFarmRequest, FarmInfo> GET_FARM =
            unary("GetFarm", GetFarmRequest.getDefaultInstance(), FarmInfo.getDefaultInstance());
    public static final MethodDescriptor<ListReadersRequest, ListReadersResponse> LIST_READERS =
            unary("ListReaders", ListReadersRequest.getDefaultInstance(), ListReadersResponse.getDefaultInstance());
    public static final MethodDescriptor<OpenRequest, Session> OPEN =
            unary("Open", OpenRequest.getDefaultInstance(), Session.getDefaultInstance());
    public static final MethodDescriptor<TransmitRequest, TransmitResponse> TRANSMIT =
            unary("Transmit", TransmitRequest.getDefaultInstance(), TransmitResponse.getDefaultInstance());
    public static final MethodDescriptor<TransmitBatchRequest, TransmitBatchResponse> TRANSMIT_BATCH =
            unary("TransmitBatch", TransmitBatchRequest.getDefaultInstance(),
                    TransmitBatchResponse.getDefaultInstance());
    public static final MethodDescriptor<ControlRequest, ControlResponse> CONTROL =
            unary("Control", ControlRequest.getDefaultInstance(), ControlResponse.getDefaultInstance());
    public static final MethodDescriptor<LockRequest, LockResponse> LOCK =
            unary("Lock", LockRequest.getDefaultInstance(), LockResponse.getDefaultInstance());
    public static final MethodDescriptor<UnlockRequest, UnlockResponse> UNLOCK =
            unary("Unlock", UnlockRequest.getDefaultInstance(), UnlockResponse.getDefaultInstance());
    public static final MethodDescriptor<ReconnectRequest, Session> RECONNECT =
            unary("Reconnect", ReconnectRequest.getDefaultInstance(), Session.getDefaultInstance());
    public static final MethodDescriptor<CloseRequest, CloseResponse> CLOSE =
            unary("Close", CloseRequest.getDefaultInstance(), CloseResponse.getDefaultInstance());
    public static final MethodDescriptor<RenewRequest, RenewResponse> RENEW =
            unary("Renew", RenewRequest.getDefaultInstance(), RenewResponse.getDefaultInstance());
    public static final MethodDescriptor<WatchReadersRequest, ReaderEvent> WATCH_READERS =
            MethodDescriptor.<WatchReadersRequest, ReaderEvent>newBuilder()
                    .setType(MethodType.SERVER_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "WatchReaders"))
                    .setRequestMarshaller(ProtoUtils.marshaller(WatchReadersRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(ReaderEvent.getDefaultInstance()))
                    .build();

    private CardFarmGrpc() {
    }

    private static <Q extends Message, A extends Message> MethodDescriptor<Q, A> unary(String name, Q request,
            A response) {
        return MethodDescriptor.<Q, A>newBuilder()
                .setType(MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .setIdempotent(false)
                .build();
    }

    /** The farm's side of every method; see {@code card_farm.proto} for what each does. */
    public interface Handler {
        void getFarm(GetFarmRequest request, io.grpc.stub.StreamObserver<FarmInfo> response);

        void listReaders(ListReadersRequest request, io.grpc.stub.StreamObserver<ListReadersResponse> response);

        void open(OpenRequest request, io.grpc.stub.StreamObserver<Session> response);

        void transmit(TransmitRequest request, io.grpc.stub.StreamObserver<TransmitResponse> response);

        void transmitBatch(TransmitBatchRequest request,
                io.grpc.stub.StreamObserver<TransmitBatchResponse> response);

        void control(ControlRequest request, io.grpc.stub.StreamObserver<ControlResponse> response);

        void lock(LockRequest request, io.grpc.stub.StreamObserver<LockResponse> response);

        void unlock(UnlockRequest request, io.grpc.stub.StreamObserver<UnlockResponse> response);

        void reconnect(ReconnectRequest request, io.grpc.stub.StreamObserver<Session> response);

        void close(CloseRequest request, io.grpc.stub.StreamObserver<CloseResponse> response);

        void renew(RenewRequest request, io.grpc.stub.StreamObserver<RenewResponse> response);

        void watchReaders(WatchReadersRequest request, io.grpc.stub.StreamObserver<ReaderEvent> events);
    }

    /** @return the service definition a gRPC server serves, every method bound to the handler */
    public static ServerServiceDefinition bind(Handler handler) {
        return ServerServiceDefinition.builder(SERVICE)
                .addMethod(GET_FARM, ServerCalls.asyncUnaryCall(handler::getFarm))
                .addMethod(LIST_READERS, ServerCalls.asyncUnaryCall(handler::listReaders))
                .addMethod(OPEN, ServerCalls.asyncUnaryCall(handler::open))
                .addMethod(TRANSMIT, ServerCalls.asyncUnaryCall(handler::transmit))
                .addMethod(TRANSMIT_BATCH, ServerCalls.asyncUnaryCall(handler::transmitBatch))
                .addMethod(CONTROL, ServerCalls.asyncUnaryCall(handler::control))
                .addMethod(LOCK, ServerCalls.asyncUnaryCall(handler::lock))
                .addMethod(UNLOCK, ServerCalls.asyncUnaryCall(handler::unlock))
                .addMethod(RECONNECT, ServerCalls.asyncUnaryCall(handler::reconnect))
                .addMethod(CLOSE, ServerCalls.asyncUnaryCall(handler::close))
                .addMethod(RENEW, ServerCalls.asyncUnaryCall(handler::renew))
                .addMethod(WATCH_READERS, ServerCalls.asyncServerStreamingCall(handler::watchReaders))
                .build();
    }
}
