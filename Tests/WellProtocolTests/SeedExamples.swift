/// The event examples of the seed README (section 6), verbatim.
enum SeedExamples {
    static let events: [String] = [
        #"""
        {
        "eventName": "agentLoggedOn",
        "eventTime": "2017.03.18 14:13:24",
        "eventType": "agent",
        "serial": 11050819,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.AgentLoggedOnEvent",
        "topics": [
        "CtiRouter_ctirouter-z40iv",
        "agent:5002@zhen04.cc",
        "agentLoggedOn",
        "agent:zhen04.cc",
        "device:8002@zhen04.cc",
        "agent",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "deviceId": "8002@zhen04.cc",
        "agentId": "5002@zhen04.cc",
        "agentMode": "Ready",
        "devices": {
        "Voice": "8002@zhen04.cc"
        }
        }
        """#,
        #"""
        {
        "eventName": "agentLoggedOff",
        "eventTime": "2017.03.18 14:35:34",
        "eventType": "agent",
        "serial": 11066842,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.AgentLoggedOffEvent",
        "topics": [
        "CtiRouter_ctirouter-z40iv",
        "agent:5002@zhen04.cc",
        "agentLoggedOff",
        "agent:zhen04.cc",
        "device:8002@zhen04.cc",
        "agent",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "deviceId": "8002@zhen04.cc",
        "agentId": "5002@zhen04.cc",
        "agentMode": "Logout",
        "devices": {
        "Voice": "8002@zhen04.cc"
        }
        }
        """#,
        #"""
        {
        "eventName": "agentReady",
        "eventTime": "2017.03.18 14:13:24",
        "eventType": "agent",
        "serial": 11050820,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.AgentReadyEvent",
        "topics": [
        "CtiRouter_ctirouter-z40iv",
        "agent:5002@zhen04.cc",
        "agentReady",
        "agent:zhen04.cc",
        "device:8002@zhen04.cc",
        "agent",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "deviceId": "8002@zhen04.cc",
        "agentId": "5002@zhen04.cc",
        "agentMode": "Ready",
        "devices": {
        "Voice": "8002@zhen04.cc"
        }
        }
        """#,
        #"""
        {
        "eventName": "agentNotReady",
        "eventTime": "2017.03.18 14:33:50",
        "eventType": "agent",
        "serial": 11065578,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5006@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.AgentNotReadyEvent",
        "topics": [
        "CtiRouter_ctirouter-z40iv",
        "agent:5006@zhen04.cc",
        "agent:zhen04.cc",
        "device:8001@zhen04.cc",
        "agent",
        "agentNotReady",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8001@zhen04.cc",
        "deviceId": "8001@zhen04.cc",
        "agentId": "5006@zhen04.cc",
        "agentMode": "NotReady",
        "devices": {
        "Voice": "8001@zhen04.cc"
        }
        }
        """#,
        #"""
        {
        "eventName": "serviceInitiated",
        "eventSrc": "8001@zhen04.cc",
        "eventTime": "2017.03.18 14:13:33",
        "eventType": "csta",
        "serial": 121019,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5006@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.ServiceInitiatedEvent",
        "topics": [
        "extension",
        "agent:5006@zhen04.cc",
        "serviceInitiated",
        "CtiWorker_ctiworker-31dv7",
        "crossRefId:2365",
        "device:8001@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8001@zhen04.cc",
        "callId": "37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "deviceId": "8001@zhen04.cc",
        "localState": "Initiate",
        "connectionId": "8001@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "initiatedDevice": "8001@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "originated",
        "eventSrc": "8001@zhen04.cc",
        "eventTime": "2017.03.18 14:13:33",
        "eventType": "csta",
        "serial": 121021,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5006@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.OriginatedEvent",
        "topics": [
        "extension",
        "agent:5006@zhen04.cc",
        "CtiWorker_ctiworker-31dv7",
        "crossRefId:2365",
        "device:8001@zhen04.cc",
        "csta",
        "originated"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8001@zhen04.cc",
        "callId": "37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "deviceId": "8001@zhen04.cc",
        "localState": "Initiate",
        "connectionId": "8001@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "callingDevice": "8001@zhen04.cc",
        "calledDevice": "8002@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "delivered",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:13:33",
        "eventType": "csta",
        "serial": 121027,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.DeliveredEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "delivered",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "device:8002@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "deviceId": "8002@zhen04.cc",
        "localState": "Alerting",
        "connectionId": "8002@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "alertingDevice": "8002@zhen04.cc",
        "callingDevice": "8001@zhen04.cc",
        "calledDevice": "8002@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "established",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:13:36",
        "eventType": "csta",
        "serial": 121037,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.EstablishedEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "established",
        "device:8002@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "deviceId": "8002@zhen04.cc",
        "localState": "Connect",
        "connectionId": "8002@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "answeringDevice": "8002@zhen04.cc",
        "callingDevice": "8001@zhen04.cc",
        "calledDevice": "8002@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "connectionCleared",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:14:15",
        "eventType": "csta",
        "serial": 121051,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.ConnectionClearedEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "connectionCleared",
        "device:8002@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "deviceId": "8002@zhen04.cc",
        "localState": "Queued",
        "connectionId": "8002@zhen04.cc|37db6efe-57cc-4053-b0ce-24c96eba66b0",
        "releasingDevice": "8002@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "transferred",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:39:31",
        "eventType": "csta",
        "serial": 121645,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.TransferredEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "transferred",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "device:8002@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "deviceId": "8002@zhen04.cc",
        "localState": "Queued",
        "originCallInfo": {
        },
        "connectionId": "8002@zhen04.cc|10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "primaryOldCall": "0",
        "secondaryOldCall": "10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "transferringDevice": "8002@zhen04.cc",
        "transferredToDevice": "8003@zhen04.cc",
        "newCall": "10549a5f-41c8-4309-a1ad-faa61c8f3777"
        }
        """#,
        #"""
        {
        "eventName": "conferenced",
        "eventSrc": "8001@zhen04.cc",
        "eventTime": "2017.03.18 14:15:37",
        "eventType": "csta",
        "serial": 121110,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5006@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.ConferencedEvent",
        "topics": [
        "extension",
        "agent:5006@zhen04.cc",
        "conferenced",
        "CtiWorker_ctiworker-31dv7",
        "crossRefId:2365",
        "device:8001@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8001@zhen04.cc",
        "callId": "b81b0af2-e40a-4e0e-a8ce-47be9474f245",
        "deviceId": "8003@zhen04.cc",
        "localState": "Connect",
        "connectionId": "8003@zhen04.cc|b81b0af2-e40a-4e0e-a8ce-47be9474f245",
        "primaryOldCall": "0",
        "secondaryOldCall": "b81b0af2-e40a-4e0e-a8ce-47be9474f245",
        "conferencingDevice": "8001@zhen04.cc",
        "addedParty": "8003@zhen04.cc",
        "newCall": "b81b0af2-e40a-4e0e-a8ce-47be9474f245"
        }
        """#,
        #"""
        {
        "eventName": "retrieved",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:38:39",
        "eventType": "csta",
        "serial": 121578,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.RetrievedEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "device:8002@zhen04.cc",
        "retrieved",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "deviceId": "8002@zhen04.cc",
        "localState": "Connect",
        "connectionId": "8002@zhen04.cc|10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "retrievingDevice": "8002@zhen04.cc"
        }
        """#,
        #"""
        {
        "eventName": "held",
        "eventSrc": "8002@zhen04.cc",
        "eventTime": "2017.03.18 14:37:57",
        "eventType": "csta",
        "serial": 121511,
        "params": {
        "_amqpTopic": "event.csta.zhen04.cc",
        "agent": "5002@zhen04.cc",
        "subscriptionId": "http%3A%2F%2F172.20.1.113%3A58080%2Fevent-sink%2Fcsta%2Fzhen04.cc"
        },
        "_type": "component.cti.event.HeldEvent",
        "topics": [
        "agent:5002@zhen04.cc",
        "extension",
        "held",
        "crossRefId:1951",
        "CtiWorker_ctiworker-31dv7",
        "device:8002@zhen04.cc",
        "csta"
        ],
        "namespace": "zhen04.cc",
        "srcDeviceId": "8002@zhen04.cc",
        "callId": "10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "deviceId": "8002@zhen04.cc",
        "localState": "Hold",
        "connectionId": "8002@zhen04.cc|10549a5f-41c8-4309-a1ad-faa61c8f3777",
        "holdingDevice": "8002@zhen04.cc"
        }
        """#,
    ]
}
