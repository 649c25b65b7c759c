/**
 * The wire protocol {@code cardmanage.remote.v1}: the protobuf messages generated from {@code card_farm.proto} and
 * the gRPC method descriptors of its {@code CardFarm} service. Internal: the contract is the proto file.
 */
package org.cardmanage.remote.internal.wire;
