package org.crossnet.api.rest;

import java.util.List;
import org.crossnet.api.rest.wire.Arguments;
import org.crossnet.api.rest.wire.NetworkJson;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** network.list, network.status, network.enable, network.disable, network.restart. */
@RestController
@RequestMapping(RestApiConfiguration.BASE_PATH + "/networks")
final class NetworkController {
    private final GatewayService service;

    NetworkController(GatewayService service) {
        this.service = service;
    }

    @GetMapping
    @ApiOperation(Operation.NETWORK_LIST)
    List<NetworkJson> list() {
        return service.networkList().stream().map(NetworkJson::of).toList();
    }

    @GetMapping("/{id}")
    @ApiOperation(Operation.NETWORK_STATUS)
    NetworkJson status(@PathVariable String id) {
        return NetworkJson.of(service.networkStatus(Arguments.networkId(id)));
    }

    @PostMapping("/{id}/enable")
    @ApiOperation(Operation.NETWORK_ENABLE)
    NetworkJson enable(@PathVariable String id) {
        return NetworkJson.of(service.networkEnable(Arguments.networkId(id)));
    }

    @PostMapping("/{id}/disable")
    @ApiOperation(Operation.NETWORK_DISABLE)
    NetworkJson disable(@PathVariable String id) {
        return NetworkJson.of(service.networkDisable(Arguments.networkId(id)));
    }

    @PostMapping("/{id}/restart")
    @ApiOperation(Operation.NETWORK_RESTART)
    NetworkJson restart(@PathVariable String id) {
        return NetworkJson.of(service.networkRestart(Arguments.networkId(id)));
    }
}
