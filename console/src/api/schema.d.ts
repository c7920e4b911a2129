/**
 * Generated from the cloud's OpenAPI document (GET /api/openapi.json) by openapi-typescript.
 * Do not edit: run `npm run gen:console-api -w @yardguard/cloud`. cloud/test/core/console-api-types.test.ts fails when stale.
 */
export interface paths {
    "/api/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts of my compounds, newest first */
        get: {
            parameters: {
                query?: {
                    before?: string;
                    compoundId?: string;
                    limit?: number;
                    status?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: {
                                /** Format: date-time */
                                acknowledgedAt: string | null;
                                acknowledgedBy: string | null;
                                assigneeId: string | null;
                                assigneeName: string | null;
                                causeEventId: string | null;
                                compoundId: string;
                                count: number;
                                /** Format: date-time */
                                createdAt: string;
                                deviceId: string | null;
                                escalationLevel: number;
                                /** Format: date-time */
                                firstAt: string;
                                gatewayId: string | null;
                                id: string;
                                incidentId: string | null;
                                key: string;
                                /** @enum {string} */
                                kind: "door_forced" | "door_held_open" | "alarm_button" | "tamper" | "device_offline" | "camera_offline" | "gateway_offline" | "motion" | "work_order_overdue" | "care_no_activity" | "access_denied_repeated" | "other";
                                /** Format: date-time */
                                lastAt: string;
                                /** Format: date-time */
                                nextEscalationAt: string | null;
                                /** Format: date-time */
                                resolvedAt: string | null;
                                resolvedBy: string | null;
                                resolveNote: string | null;
                                retriggers: number;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                snapshotIds: string[];
                                /** @enum {string} */
                                source: "edge" | "cloud";
                                /** @enum {string} */
                                status: "new" | "acknowledged" | "resolved";
                                title: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /** Format: date-time */
                            nextBefore: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{alertId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acknowledgedAt: string | null;
                            acknowledgedBy: string | null;
                            assigneeId: string | null;
                            assigneeName: string | null;
                            causeEventId: string | null;
                            compoundId: string;
                            count: number;
                            /** Format: date-time */
                            createdAt: string;
                            deviceId: string | null;
                            escalationLevel: number;
                            /** Format: date-time */
                            firstAt: string;
                            gatewayId: string | null;
                            id: string;
                            incidentId: string | null;
                            key: string;
                            /** @enum {string} */
                            kind: "door_forced" | "door_held_open" | "alarm_button" | "tamper" | "device_offline" | "camera_offline" | "gateway_offline" | "motion" | "work_order_overdue" | "care_no_activity" | "access_denied_repeated" | "other";
                            /** Format: date-time */
                            lastAt: string;
                            /** Format: date-time */
                            nextEscalationAt: string | null;
                            /** Format: date-time */
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            resolveNote: string | null;
                            retriggers: number;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            snapshotIds: string[];
                            /** @enum {string} */
                            source: "edge" | "cloud";
                            /** @enum {string} */
                            status: "new" | "acknowledged" | "resolved";
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{alertId}/ack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge (stops escalation; re-triggers if not resolved in time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acknowledgedAt: string | null;
                            acknowledgedBy: string | null;
                            assigneeId: string | null;
                            assigneeName: string | null;
                            causeEventId: string | null;
                            compoundId: string;
                            count: number;
                            /** Format: date-time */
                            createdAt: string;
                            deviceId: string | null;
                            escalationLevel: number;
                            /** Format: date-time */
                            firstAt: string;
                            gatewayId: string | null;
                            id: string;
                            incidentId: string | null;
                            key: string;
                            /** @enum {string} */
                            kind: "door_forced" | "door_held_open" | "alarm_button" | "tamper" | "device_offline" | "camera_offline" | "gateway_offline" | "motion" | "work_order_overdue" | "care_no_activity" | "access_denied_repeated" | "other";
                            /** Format: date-time */
                            lastAt: string;
                            /** Format: date-time */
                            nextEscalationAt: string | null;
                            /** Format: date-time */
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            resolveNote: string | null;
                            retriggers: number;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            snapshotIds: string[];
                            /** @enum {string} */
                            source: "edge" | "cloud";
                            /** @enum {string} */
                            status: "new" | "acknowledged" | "resolved";
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/alerts/{alertId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve with an optional note */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    alertId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acknowledgedAt: string | null;
                            acknowledgedBy: string | null;
                            assigneeId: string | null;
                            assigneeName: string | null;
                            causeEventId: string | null;
                            compoundId: string;
                            count: number;
                            /** Format: date-time */
                            createdAt: string;
                            deviceId: string | null;
                            escalationLevel: number;
                            /** Format: date-time */
                            firstAt: string;
                            gatewayId: string | null;
                            id: string;
                            incidentId: string | null;
                            key: string;
                            /** @enum {string} */
                            kind: "door_forced" | "door_held_open" | "alarm_button" | "tamper" | "device_offline" | "camera_offline" | "gateway_offline" | "motion" | "work_order_overdue" | "care_no_activity" | "access_denied_repeated" | "other";
                            /** Format: date-time */
                            lastAt: string;
                            /** Format: date-time */
                            nextEscalationAt: string | null;
                            /** Format: date-time */
                            resolvedAt: string | null;
                            resolvedBy: string | null;
                            resolveNote: string | null;
                            retriggers: number;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            snapshotIds: string[];
                            /** @enum {string} */
                            source: "edge" | "cloud";
                            /** @enum {string} */
                            status: "new" | "acknowledged" | "resolved";
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            token: string;
                            user: {
                                compoundIds: string[];
                                displayName: string;
                                gateIds?: string[];
                                id: string;
                                leaseEndsOn?: string | null;
                                /** @enum {string} */
                                role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out (revokes the session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            user: {
                                compoundIds: string[];
                                displayName: string;
                                gateIds?: string[];
                                id: string;
                                leaseEndsOn?: string | null;
                                /** @enum {string} */
                                role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                                username: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change my password (signs out my other sessions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/callbacks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The call list: callbacks after 验单, soonest due first */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                    limit?: number;
                    status?: "pending" | "done" | "unreachable";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            callbacks: {
                                attempts: number;
                                /** Format: date-time */
                                calledAt: string | null;
                                calledBy: string | null;
                                /** @enum {string|null} */
                                channel: "phone" | "app" | null;
                                compoundId: string;
                                /** Format: date-time */
                                dueAt: string;
                                id: string;
                                phone: string | null;
                                residentId: string;
                                residentName: string;
                                result: string | null;
                                satisfaction: number | null;
                                /** @enum {string} */
                                status: "pending" | "done" | "unreachable";
                                /** Format: date-time */
                                verifiedAt: string;
                                workOrderId: string;
                                workOrderTitle: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/callbacks/{callbackId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record one call: answered (satisfaction 1-5) or unreachable */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    callbackId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        outcome: "answered";
                        result?: string;
                        satisfaction: number;
                    } | {
                        /** @enum {string} */
                        outcome: "unreachable";
                        result?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            calledAt: string | null;
                            calledBy: string | null;
                            /** @enum {string|null} */
                            channel: "phone" | "app" | null;
                            compoundId: string;
                            /** Format: date-time */
                            dueAt: string;
                            id: string;
                            phone: string | null;
                            residentId: string;
                            residentName: string;
                            result: string | null;
                            satisfaction: number | null;
                            /** @enum {string} */
                            status: "pending" | "done" | "unreachable";
                            /** Format: date-time */
                            verifiedAt: string;
                            workOrderId: string;
                            workOrderTitle: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/care/check-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 平安: I am fine today */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checkedInToday: boolean;
                            household: {
                                alertId: string | null;
                                checkInBy: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                consentAt: string;
                                consentBy: string;
                                consentNote: string;
                                consentRecordedBy: string;
                                contacts: {
                                    name: string;
                                    phone: string;
                                    /** @default  */
                                    relation: string;
                                }[];
                                credentialRefs: string[];
                                doorContactIds: string[];
                                enabled: boolean;
                                id: string;
                                label: string;
                                /** Format: date-time */
                                lastActivityAt: string | null;
                                /** @enum {string|null} */
                                lastActivityKind: "card" | "app" | "check_in" | "door" | "enrolled" | null;
                                lastCheckInOn: string | null;
                                residentId: string;
                                residentName: string;
                                windowHours: number;
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/care/households": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrolled households with their contacts and last activity */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            households: {
                                alertId: string | null;
                                checkInBy: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                consentAt: string;
                                consentBy: string;
                                consentNote: string;
                                consentRecordedBy: string;
                                contacts: {
                                    name: string;
                                    phone: string;
                                    /** @default  */
                                    relation: string;
                                }[];
                                credentialRefs: string[];
                                doorContactIds: string[];
                                enabled: boolean;
                                id: string;
                                label: string;
                                /** Format: date-time */
                                lastActivityAt: string | null;
                                /** @enum {string|null} */
                                lastActivityKind: "card" | "app" | "check_in" | "door" | "enrolled" | null;
                                lastCheckInOn: string | null;
                                residentId: string;
                                residentName: string;
                                windowHours: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Enrol a household (opt-in, consent recorded) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        checkInBy?: string;
                        compoundId: string;
                        consent: {
                            by: string;
                            note: string;
                        };
                        contacts: {
                            name: string;
                            phone: string;
                            /** @default  */
                            relation?: string;
                        }[];
                        /** @default [] */
                        credentialRefs?: string[];
                        /** @default [] */
                        doorContactIds?: string[];
                        label: string;
                        residentId: string;
                        /** @default 24 */
                        windowHours?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alertId: string | null;
                            checkInBy: string | null;
                            compoundId: string;
                            /** Format: date-time */
                            consentAt: string;
                            consentBy: string;
                            consentNote: string;
                            consentRecordedBy: string;
                            contacts: {
                                name: string;
                                phone: string;
                                /** @default  */
                                relation: string;
                            }[];
                            credentialRefs: string[];
                            doorContactIds: string[];
                            enabled: boolean;
                            id: string;
                            label: string;
                            /** Format: date-time */
                            lastActivityAt: string | null;
                            /** @enum {string|null} */
                            lastActivityKind: "card" | "app" | "check_in" | "door" | "enrolled" | null;
                            lastCheckInOn: string | null;
                            residentId: string;
                            residentName: string;
                            windowHours: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/care/households/{householdId}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Consent withdrawn: stop watching */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    householdId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alertId: string | null;
                            checkInBy: string | null;
                            compoundId: string;
                            /** Format: date-time */
                            consentAt: string;
                            consentBy: string;
                            consentNote: string;
                            consentRecordedBy: string;
                            contacts: {
                                name: string;
                                phone: string;
                                /** @default  */
                                relation: string;
                            }[];
                            credentialRefs: string[];
                            doorContactIds: string[];
                            enabled: boolean;
                            id: string;
                            label: string;
                            /** Format: date-time */
                            lastActivityAt: string | null;
                            /** @enum {string|null} */
                            lastActivityKind: "card" | "app" | "check_in" | "door" | "enrolled" | null;
                            lastCheckInOn: string | null;
                            residentId: string;
                            residentName: string;
                            windowHours: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/care/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My enrolment (residents) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checkedInToday: boolean;
                            household: {
                                alertId: string | null;
                                checkInBy: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                consentAt: string;
                                consentBy: string;
                                consentNote: string;
                                consentRecordedBy: string;
                                contacts: {
                                    name: string;
                                    phone: string;
                                    /** @default  */
                                    relation: string;
                                }[];
                                credentialRefs: string[];
                                doorContactIds: string[];
                                enabled: boolean;
                                id: string;
                                label: string;
                                /** Format: date-time */
                                lastActivityAt: string | null;
                                /** @enum {string|null} */
                                lastActivityKind: "card" | "app" | "check_in" | "door" | "enrolled" | null;
                                lastCheckInOn: string | null;
                                residentId: string;
                                residentName: string;
                                windowHours: number;
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/companies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Companies and streets of my compounds, with each work-order flow */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            companies: {
                                compoundIds: string[];
                                flow: {
                                    moves: {
                                        accept: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                                        dispatch: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                                        request: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                                        supervise: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                                        verify: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                                    };
                                    stepDueHours: {
                                        accept: number;
                                        dispatch: number;
                                        supervise: number | null;
                                        verify: number;
                                    };
                                };
                                flowIsDefault: boolean;
                                id: string;
                                name: string;
                                streetId: string | null;
                            }[];
                            streets: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/companies/{companyId}/flow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Who may make each move, and each step's due hours */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    companyId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        moves: {
                            accept: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                            dispatch: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                            request: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                            supervise: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                            verify: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                        };
                        stepDueHours: {
                            accept: number;
                            dispatch: number;
                            supervise: number | null;
                            verify: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Back to the default flow */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    companyId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Compounds I may act in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compounds: {
                                address: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                district: string | null;
                                households: number | null;
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a compound */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address?: string;
                        district?: string;
                        households?: number;
                        id?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            district: string | null;
                            households: number | null;
                            id: string;
                            name: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One compound */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            district: string | null;
                            households: number | null;
                            id: string;
                            name: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a compound */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address?: string | null;
                        district?: string | null;
                        households?: number | null;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            district: string | null;
                            households: number | null;
                            id: string;
                            name: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/compounds/{compoundId}/alert-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Escalation timeouts, fold window */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackTimeoutS: {
                                critical: number;
                                high: number;
                                low: number;
                                medium: number;
                            };
                            deniedBurst?: {
                                count: number;
                                windowS: number;
                            };
                            foldWindowS: number;
                            gatewayOfflineS: number;
                            maxEscalations: number;
                            resolveTimeoutS: {
                                critical: number;
                                high: number;
                                low: number;
                                medium: number;
                            };
                        };
                    };
                };
            };
        };
        /** Set the alert policy */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ackTimeoutS: {
                            critical: number;
                            high: number;
                            low: number;
                            medium: number;
                        };
                        deniedBurst?: {
                            count: number;
                            windowS: number;
                        };
                        foldWindowS: number;
                        gatewayOfflineS: number;
                        maxEscalations: number;
                        resolveTimeoutS: {
                            critical: number;
                            high: number;
                            low: number;
                            medium: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackTimeoutS: {
                                critical: number;
                                high: number;
                                low: number;
                                medium: number;
                            };
                            deniedBurst?: {
                                count: number;
                                windowS: number;
                            };
                            foldWindowS: number;
                            gatewayOfflineS: number;
                            maxEscalations: number;
                            resolveTimeoutS: {
                                critical: number;
                                high: number;
                                low: number;
                                medium: number;
                            };
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/charts/alarms-per-day": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts and alarm events per day */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    type?: string;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            days: {
                                alarmEvents: number;
                                alerts: number;
                                time: string;
                            }[];
                            enabled: boolean;
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/charts/device-uptime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Device uptime ratio */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    type?: string;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: {
                                changes: number;
                                deviceId: string;
                                kind: string | null;
                                observedMs: number;
                                upMs: number;
                                uptimeRatio: number;
                            }[];
                            enabled: boolean;
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/charts/events-per-hour": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events per hour */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    type?: string;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            buckets: {
                                count: number;
                                time: string;
                            }[];
                            enabled: boolean;
                            /** Format: date-time */
                            from: string;
                            /** Format: date-time */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/charts/gate-opens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gate opens by method and result, with latency */
        get: {
            parameters: {
                query?: {
                    from?: string;
                    to?: string;
                    type?: string;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            enabled: boolean;
                            /** Format: date-time */
                            from: string;
                            stats: {
                                count: number;
                                maxLatencyMs: number | null;
                                meanLatencyMs: number | null;
                                method: string;
                                result: string;
                            }[];
                            /** Format: date-time */
                            to: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/enrollment-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrollment codes of a compound */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            codes: {
                                code: string;
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                expiresAt: string;
                                gatewayId: string | null;
                                /** Format: date-time */
                                usedAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a one-time enrollment code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        gatewayName?: string;
                        siteConfig?: unknown;
                        /** @default 1440 */
                        ttlMinutes?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            gatewayId: string | null;
                            /** Format: date-time */
                            usedAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/notice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The board as published, with its public address */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            content: {
                                /** @default [] */
                                fees: {
                                    item: string;
                                    standard: string;
                                }[];
                                /** @default null */
                                finance: {
                                    income: {
                                        amount: number;
                                        item: string;
                                    }[];
                                    month: string;
                                    spending: {
                                        amount: number;
                                        item: string;
                                    }[];
                                } | null;
                                /** @default [] */
                                phones: {
                                    label: string;
                                    phone: string;
                                }[];
                                /** @default  */
                                rules: string;
                                /** @default [] */
                                safetyNotices: {
                                    /** @default  */
                                    body: string;
                                    date: string;
                                    title: string;
                                }[];
                                /** @default [] */
                                services: {
                                    /** @default  */
                                    detail: string;
                                    name: string;
                                }[];
                            };
                            path: string;
                            /** Format: date-time */
                            publishedAt: string | null;
                            publishedBy: string | null;
                            token: string;
                            version: number;
                        };
                    };
                };
            };
        };
        /** Publish a new version */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        fees?: {
                            item: string;
                            standard: string;
                        }[];
                        /** @default null */
                        finance?: {
                            income: {
                                amount: number;
                                item: string;
                            }[];
                            month: string;
                            spending: {
                                amount: number;
                                item: string;
                            }[];
                        } | null;
                        /** @default [] */
                        phones?: {
                            label: string;
                            phone: string;
                        }[];
                        /** @default  */
                        rules?: string;
                        /** @default [] */
                        safetyNotices?: {
                            /** @default  */
                            body?: string;
                            date: string;
                            title: string;
                        }[];
                        /** @default [] */
                        services?: {
                            /** @default  */
                            detail?: string;
                            name: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            content: {
                                /** @default [] */
                                fees: {
                                    item: string;
                                    standard: string;
                                }[];
                                /** @default null */
                                finance: {
                                    income: {
                                        amount: number;
                                        item: string;
                                    }[];
                                    month: string;
                                    spending: {
                                        amount: number;
                                        item: string;
                                    }[];
                                } | null;
                                /** @default [] */
                                phones: {
                                    label: string;
                                    phone: string;
                                }[];
                                /** @default  */
                                rules: string;
                                /** @default [] */
                                safetyNotices: {
                                    /** @default  */
                                    body: string;
                                    date: string;
                                    title: string;
                                }[];
                                /** @default [] */
                                services: {
                                    /** @default  */
                                    detail: string;
                                    name: string;
                                }[];
                            };
                            path: string;
                            /** Format: date-time */
                            publishedAt: string | null;
                            publishedBy: string | null;
                            token: string;
                            version: number;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/notice/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every published version, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            versions: {
                                content: {
                                    /** @default [] */
                                    fees: {
                                        item: string;
                                        standard: string;
                                    }[];
                                    /** @default null */
                                    finance: {
                                        income: {
                                            amount: number;
                                            item: string;
                                        }[];
                                        month: string;
                                        spending: {
                                            amount: number;
                                            item: string;
                                        }[];
                                    } | null;
                                    /** @default [] */
                                    phones: {
                                        label: string;
                                        phone: string;
                                    }[];
                                    /** @default  */
                                    rules: string;
                                    /** @default [] */
                                    safetyNotices: {
                                        /** @default  */
                                        body: string;
                                        date: string;
                                        title: string;
                                    }[];
                                    /** @default [] */
                                    services: {
                                        /** @default  */
                                        detail: string;
                                        name: string;
                                    }[];
                                };
                                id: string;
                                /** Format: date-time */
                                publishedAt: string;
                                publishedBy: string;
                                publishedByName: string | null;
                                version: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/notice/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new public address (the old QR code stops working) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            content: {
                                /** @default [] */
                                fees: {
                                    item: string;
                                    standard: string;
                                }[];
                                /** @default null */
                                finance: {
                                    income: {
                                        amount: number;
                                        item: string;
                                    }[];
                                    month: string;
                                    spending: {
                                        amount: number;
                                        item: string;
                                    }[];
                                } | null;
                                /** @default [] */
                                phones: {
                                    label: string;
                                    phone: string;
                                }[];
                                /** @default  */
                                rules: string;
                                /** @default [] */
                                safetyNotices: {
                                    /** @default  */
                                    body: string;
                                    date: string;
                                    title: string;
                                }[];
                                /** @default [] */
                                services: {
                                    /** @default  */
                                    detail: string;
                                    name: string;
                                }[];
                            };
                            path: string;
                            /** Format: date-time */
                            publishedAt: string | null;
                            publishedBy: string | null;
                            token: string;
                            version: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery log (status, attempts, last error) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notifications: {
                                alertId: string | null;
                                attempts: number;
                                channelId: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                lastError: string | null;
                                /** Format: date-time */
                                nextAttemptAt: string;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                status: "pending" | "sent" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/notify-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Robot channels of a compound */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channels: {
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                enabled: boolean;
                                hasSecret: boolean;
                                id: string;
                                /** @enum {string} */
                                kind: "wecom" | "dingtalk" | "feishu" | "webhook";
                                /** @enum {string} */
                                minSeverity: "critical" | "high" | "medium" | "low";
                                name: string;
                                urlMasked: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a WeCom / DingTalk / Feishu robot or a webhook */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default true */
                        enabled?: boolean;
                        /** @enum {string} */
                        kind: "wecom" | "dingtalk" | "feishu" | "webhook";
                        /**
                         * @default high
                         * @enum {string}
                         */
                        minSeverity?: "critical" | "high" | "medium" | "low";
                        name: string;
                        secret?: string;
                        /** Format: uri */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            enabled: boolean;
                            hasSecret: boolean;
                            id: string;
                            /** @enum {string} */
                            kind: "wecom" | "dingtalk" | "feishu" | "webhook";
                            /** @enum {string} */
                            minSeverity: "critical" | "high" | "medium" | "low";
                            name: string;
                            urlMasked: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/on-duty": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Guards on duty now (or at ?at=) */
        get: {
            parameters: {
                query?: {
                    at?: string;
                };
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            at: string;
                            guards: {
                                displayName: string | null;
                                /** Format: date-time */
                                endsAt: string;
                                postId: string;
                                postName: string;
                                /** Format: date-time */
                                startsAt: string;
                                userId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/compounds/{compoundId}/posts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            posts: {
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    compoundId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            name: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Devices of my compounds */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            devices: {
                                compoundId: string;
                                deviceId: string;
                                gatewayId: string;
                                id: string;
                                /** @enum {string} */
                                kind: "gate" | "camera" | "alarm_column" | "door_contact" | "gateway" | "unknown";
                                /** Format: date-time */
                                lastSeenAt: string | null;
                                name: string | null;
                                online: boolean | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{deviceId}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a command to a device and wait for its answer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deviceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "siren.start";
                        params: {
                            durationS: number;
                            /** @enum {string} */
                            pattern: "alarm" | "warning" | "voice_evacuate" | "voice_warning" | "chime";
                        };
                    } | {
                        /** @enum {string} */
                        action: "siren.stop";
                    } | {
                        /** @enum {string} */
                        action: "camera.snapshot";
                    } | {
                        /** @enum {string} */
                        action: "gate.hold_open";
                        params: {
                            durationS: number;
                        };
                    } | {
                        /** @enum {string} */
                        action: "gate.lock";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId: string;
                            data?: {
                                [key: string]: unknown;
                            };
                            deviceId: string;
                            error?: {
                                code: string;
                                message: string;
                            };
                            latencyMs: number;
                            outcome?: string;
                            /** @enum {string} */
                            status: "ok" | "error";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/devices/{deviceId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Installer test: a snapshot from a camera or a short gate pulse; waits for the answer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deviceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "snapshot" | "pulse";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            action: "snapshot" | "pulse";
                            commandId: string;
                            deviceId: string;
                            error?: {
                                code: string;
                                message: string;
                            };
                            latencyMs: number;
                            outcome?: string;
                            snapshotId?: string;
                            /** @enum {string} */
                            status: "ok" | "error";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/enroll": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A gateway redeems an enrollment code (no session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        /** @default {} */
                        hw?: {
                            agentVersion?: string;
                            model?: string;
                            serial?: string;
                        };
                        publicKey: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            caPem?: string;
                            cloudSigningKey: string;
                            /** Format: date-time */
                            cloudTime?: string;
                            compoundId: string;
                            configVersion?: number;
                            gatewayId: string;
                            mqttUrl: string;
                            password: string;
                            siteConfig?: unknown;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored events, newest first */
        get: {
            parameters: {
                query?: {
                    before?: string;
                    compoundId?: string;
                    deviceId?: string;
                    gatewayId?: string;
                    limit?: number;
                    type?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                compoundId: string;
                                data: unknown;
                                deviceId: string;
                                gatewayId: string;
                                id: string;
                                /** Format: date-time */
                                occurredAt: string;
                                /** Format: date-time */
                                receivedAt: string;
                                seq: number;
                                type: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gate-opens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gate-open audit trail: filter by compound, gate, user, result, time; newest first, paged */
        get: {
            parameters: {
                query?: {
                    before?: string;
                    compoundId?: string;
                    from?: string;
                    gateId?: string;
                    limit?: number;
                    result?: "ok" | "error" | "timeout" | "offline";
                    to?: string;
                    userId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            nextBefore?: string | null;
                            opens: {
                                action?: string;
                                /** Format: date-time */
                                answeredAt?: string | null;
                                commandId: string;
                                compoundId: string;
                                errorCode: string | null;
                                gateId: string;
                                id: string;
                                latencyMs: number | null;
                                /** Format: date-time */
                                requestedAt: string;
                                /** @enum {string} */
                                result: "ok" | "error" | "timeout" | "offline";
                                userId: string | null;
                                username: string | null;
                                visitorPassId: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gates I may see (residents: the ones they may open) */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gates: {
                                compoundId: string;
                                deviceId: string;
                                gatewayId: string;
                                id: string;
                                name: string | null;
                                online: boolean | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gates/{gateId}/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a gate (signed command, waits for the result) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gateId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pulseMs?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId: string;
                            gateId: string;
                            gatewayLatencyMs?: number;
                            latencyMs: number;
                            outcome?: string;
                            /** @enum {string} */
                            status: "ok" | "error";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateway/hello": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A gateway checks its login and clock (HTTP Basic) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            cloudTime: string;
                            compoundId: string;
                            gatewayId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateway/releases/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A gateway downloads a release (Range supported) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateway/snapshots/{snapshotId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Gateway uploads a snapshot (raw image body) */
        put: {
            parameters: {
                query?: never;
                header: {
                    "x-device-id": string;
                    "x-taken-at"?: string;
                };
                path: {
                    snapshotId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bytes: number;
                            id: string;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gateways with liveness (last acked seq and time) */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            gateways: {
                                ackAgeS: number | null;
                                agentVersion: string | null;
                                alive: boolean;
                                appliedConfigVersion: number;
                                compoundId: string;
                                configVersion: number;
                                /** Format: date-time */
                                enrolledAt: string;
                                hwModel: string | null;
                                id: string;
                                /** Format: date-time */
                                lastAckAt: string | null;
                                lastAckedSeq: number;
                                /** Format: date-time */
                                linkChangedAt: string | null;
                                /** @enum {string} */
                                linkState: "never" | "online" | "offline";
                                name: string | null;
                                /** Format: date-time */
                                revokedAt?: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One gateway */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackAgeS: number | null;
                            agentVersion: string | null;
                            alive: boolean;
                            appliedConfigVersion: number;
                            compoundId: string;
                            configVersion: number;
                            /** Format: date-time */
                            enrolledAt: string;
                            hwModel: string | null;
                            id: string;
                            /** Format: date-time */
                            lastAckAt: string | null;
                            lastAckedSeq: number;
                            /** Format: date-time */
                            linkChangedAt: string | null;
                            /** @enum {string} */
                            linkState: "never" | "online" | "offline";
                            name: string | null;
                            /** Format: date-time */
                            revokedAt?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Commands sent to this gateway, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commands: {
                                action: string;
                                /** Format: date-time */
                                completedAt: string | null;
                                deviceId: string;
                                errorCode: string | null;
                                /** Format: date-time */
                                expiresAt: string;
                                gatewayId: string;
                                id: string;
                                /** Format: date-time */
                                issuedAt: string;
                                issuedBy: string;
                                lateAnswer?: boolean;
                                latencyMs: number | null;
                                outcome: string | null;
                                /** @enum {string} */
                                status: "sent" | "ok" | "error" | "timeout";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest config version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            config: {
                                /** @default [] */
                                alarmColumns: ({
                                    /** @enum {string} */
                                    driver: "mqtt";
                                    id: string;
                                    mqtt: {
                                        passwordHash: string;
                                        username: string;
                                    };
                                    name: string;
                                    /** @default [] */
                                    near: string[];
                                } | {
                                    /**
                                     * @default low
                                     * @enum {string}
                                     */
                                    buttonLevel: "high" | "low";
                                    buttonPin: number;
                                    /** @enum {string} */
                                    driver: "gpio";
                                    id: string;
                                    name: string;
                                    /** @default [] */
                                    near: string[];
                                    /**
                                     * @default high
                                     * @enum {string}
                                     */
                                    sirenActiveLevel: "high" | "low";
                                    sirenPin: number;
                                })[];
                                /** @default [] */
                                cameras: {
                                    /** @default [] */
                                    covers: string[];
                                    /** @default true */
                                    events: boolean;
                                    id: string;
                                    name: string;
                                    onvif: {
                                        credentialsRef?: string;
                                        /** Format: uri */
                                        xaddr: string;
                                    };
                                    /** @default 30 */
                                    probeIntervalS: number;
                                }[];
                                compound: {
                                    address?: string;
                                    households?: number;
                                    id: string;
                                    name: string;
                                };
                                /** @default 0 */
                                configVersion: number;
                                /** @default [] */
                                doorContacts: ({
                                    /** @enum {string} */
                                    driver: "mqtt";
                                    flat?: string;
                                    id: string;
                                    mqtt: {
                                        passwordHash: string;
                                        username: string;
                                    };
                                    name: string;
                                } | {
                                    /** @default 50 */
                                    debounceMs: number;
                                    /** @enum {string} */
                                    driver: "gpio";
                                    flat?: string;
                                    id: string;
                                    name: string;
                                    /**
                                     * @default high
                                     * @enum {string}
                                     */
                                    openLevel: "high" | "low";
                                    pin: number;
                                })[];
                                /** @default [] */
                                gates: ({
                                    /** @enum {string} */
                                    activeLevel?: "high" | "low";
                                    /** @default 50 */
                                    debounceMs: number;
                                    doorContactPin?: number;
                                    /**
                                     * @default high
                                     * @enum {string}
                                     */
                                    doorOpenLevel: "high" | "low";
                                    /** @enum {string} */
                                    driver: "gpio";
                                    /**
                                     * @default low
                                     * @enum {string}
                                     */
                                    exitButtonLevel: "high" | "low";
                                    exitButtonPin?: number;
                                    /** @default 10 */
                                    forcedWindowS: number;
                                    /** @default 60 */
                                    heldOpenS: number;
                                    id: string;
                                    name: string;
                                    /** @default 3000 */
                                    pulseMs: number;
                                    relay?: {
                                        /** @enum {string} */
                                        board: "waveshare-rpi-relay-3ch" | "sb-pirelay-v2-4ch" | "keyestudio-ks0212-4ch";
                                        channel: number;
                                    };
                                    relayPin?: number;
                                } | {
                                    /** @default 3000 */
                                    commandTimeoutMs: number;
                                    /** @enum {string} */
                                    driver: "mqtt";
                                    /** @default 10 */
                                    forcedWindowS: number;
                                    /** @default 60 */
                                    heldOpenS: number;
                                    id: string;
                                    mqtt: {
                                        passwordHash: string;
                                        username: string;
                                    };
                                    name: string;
                                })[];
                                gateway: {
                                    /**
                                     * @default {
                                     *       "host": "0.0.0.0",
                                     *       "port": 1883
                                     *     }
                                     */
                                    broker: {
                                        /** @default 0.0.0.0 */
                                        host: string;
                                        /** @default 1883 */
                                        port: number;
                                        wsPort?: number;
                                    };
                                    /** @default 90 */
                                    deviceTimeoutS: number;
                                    /** @default true */
                                    guarded: boolean;
                                    /** @default 60 */
                                    healthIntervalS: number;
                                    id: string;
                                    name?: string;
                                    /**
                                     * @default {
                                     *       "maxMb": 512,
                                     *       "devicePerS": 20,
                                     *       "deviceBurst": 200
                                     *     }
                                     */
                                    outbox: {
                                        /** @default 200 */
                                        deviceBurst: number;
                                        /** @default 20 */
                                        devicePerS: number;
                                        /** @default 512 */
                                        maxMb: number;
                                    };
                                    /**
                                     * @default {
                                     *       "maxMb": 1024
                                     *     }
                                     */
                                    snapshots: {
                                        /** @default 1024 */
                                        maxMb: number;
                                    };
                                };
                                /** @default [] */
                                rules: {
                                    /** @default 30 */
                                    cooldownS: number;
                                    /** @default true */
                                    enabled: boolean;
                                    id: string;
                                    then: ({
                                        /** @default nearest */
                                        column: "nearest" | string;
                                        /** @enum {string} */
                                        do: "siren";
                                        /** @default 30 */
                                        durationS: number;
                                        /**
                                         * @default alarm
                                         * @enum {string}
                                         */
                                        pattern: "alarm" | "warning" | "voice_evacuate" | "voice_warning" | "chime";
                                    } | {
                                        /** @default covering */
                                        cameras: "covering" | string[];
                                        /** @enum {string} */
                                        do: "snapshot";
                                    } | {
                                        /** @enum {string} */
                                        do: "alert";
                                        /** @enum {string} */
                                        severity: "critical" | "high" | "medium" | "low";
                                        title: string;
                                    })[];
                                    when: {
                                        /** @default [] */
                                        devices: string[];
                                        /** @enum {string} */
                                        event: "gate.forced_open" | "gate.held_open" | "gate.tamper" | "alarm.button_pressed" | "alarm.tamper" | "camera.offline" | "camera.tamper" | "device.offline";
                                    };
                                }[];
                                /** @enum {number} */
                                version: 1;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            gatewayId: string;
                            version: number;
                        };
                    };
                };
            };
        };
        /** Store a new config version and push it (signed config.push) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        config: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            configVersion: number;
                            sent: boolean;
                        };
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events the cloud once rejected, as the gateway last reported them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            count: number;
                            gatewayId: string;
                            /** Format: date-time */
                            oldestAt: string | null;
                            reasons: {
                                count: number;
                                reason: string;
                            }[];
                            /** Format: date-time */
                            reportedAt: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/dead-letters/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Queue the gateway's dead letters again (signed gateway.resend_dead_letters) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId: string;
                            latencyMs: number;
                            remaining: number;
                            resent: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/diagnostics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The gateway's recent log lines, status and check report (remote diagnostics) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        check?: boolean;
                        logLines?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            agentVersion: string;
                            check: {
                                checkedAt: string;
                                counts: {
                                    fail: number;
                                    ok: number;
                                    skip: number;
                                    warn: number;
                                };
                                gatewayId?: string;
                                ok: boolean;
                                rows: {
                                    area: string;
                                    check: string;
                                    detail: string;
                                    fix?: string;
                                    item: string;
                                    /** @enum {string} */
                                    status: "ok" | "warn" | "fail" | "skip";
                                }[];
                            } | null;
                            collectedAt: string;
                            commandId: string;
                            gatewayId: string;
                            latencyMs: number;
                            logs: {
                                lines: string[];
                                truncated: boolean;
                            };
                            status: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/discover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Find the ONVIF cameras on the gateway's LAN (WS-Discovery) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        timeoutS?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            cameras: {
                                configured: boolean;
                                hardware?: string;
                                name?: string;
                                xaddr: string;
                            }[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/gateways/{gatewayId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke a lost or stolen gateway: its MQTT login and batches are refused */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    gatewayId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ackAgeS: number | null;
                            agentVersion: string | null;
                            alive: boolean;
                            appliedConfigVersion: number;
                            compoundId: string;
                            configVersion: number;
                            /** Format: date-time */
                            enrolledAt: string;
                            hwModel: string | null;
                            id: string;
                            /** Format: date-time */
                            lastAckAt: string | null;
                            lastAckedSeq: number;
                            /** Format: date-time */
                            linkChangedAt: string | null;
                            /** @enum {string} */
                            linkState: "never" | "online" | "offline";
                            name: string | null;
                            /** Format: date-time */
                            revokedAt?: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Incidents of my compounds: filters, search, pages (newest activity first) */
        get: {
            parameters: {
                query?: {
                    before?: string;
                    compoundId?: string;
                    from?: string;
                    limit?: number;
                    q?: string;
                    severity?: "critical" | "high" | "medium" | "low";
                    status?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            incidents: {
                                alertCount: number;
                                /** Format: date-time */
                                closedAt: string | null;
                                closedBy: string | null;
                                closeReason: string | null;
                                compoundId: string;
                                deviceId: string | null;
                                gatewayId: string | null;
                                id: string;
                                key: string;
                                kind: string;
                                /** Format: date-time */
                                lastAt: string;
                                /** Format: date-time */
                                openedAt: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                /** @enum {string} */
                                status: "open" | "closed";
                                title: string;
                                workOrderId: string | null;
                            }[];
                            /** Format: date-time */
                            nextBefore?: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incidentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: {
                                /** Format: date-time */
                                acknowledgedAt: string | null;
                                acknowledgedBy: string | null;
                                assigneeId: string | null;
                                assigneeName: string | null;
                                causeEventId: string | null;
                                compoundId: string;
                                count: number;
                                /** Format: date-time */
                                createdAt: string;
                                deviceId: string | null;
                                escalationLevel: number;
                                /** Format: date-time */
                                firstAt: string;
                                gatewayId: string | null;
                                id: string;
                                incidentId: string | null;
                                key: string;
                                /** @enum {string} */
                                kind: "door_forced" | "door_held_open" | "alarm_button" | "tamper" | "device_offline" | "camera_offline" | "gateway_offline" | "motion" | "work_order_overdue" | "care_no_activity" | "access_denied_repeated" | "other";
                                /** Format: date-time */
                                lastAt: string;
                                /** Format: date-time */
                                nextEscalationAt: string | null;
                                /** Format: date-time */
                                resolvedAt: string | null;
                                resolvedBy: string | null;
                                resolveNote: string | null;
                                retriggers: number;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                snapshotIds: string[];
                                /** @enum {string} */
                                source: "edge" | "cloud";
                                /** @enum {string} */
                                status: "new" | "acknowledged" | "resolved";
                                title: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            incident: {
                                alertCount: number;
                                /** Format: date-time */
                                closedAt: string | null;
                                closedBy: string | null;
                                closeReason: string | null;
                                compoundId: string;
                                deviceId: string | null;
                                gatewayId: string | null;
                                id: string;
                                key: string;
                                kind: string;
                                /** Format: date-time */
                                lastAt: string;
                                /** Format: date-time */
                                openedAt: string;
                                /** @enum {string} */
                                severity: "critical" | "high" | "medium" | "low";
                                /** @enum {string} */
                                status: "open" | "closed";
                                title: string;
                                workOrderId: string | null;
                            };
                            timeline: {
                                alertId: string | null;
                                /** Format: date-time */
                                at: string;
                                eventId: string | null;
                                eventType: string | null;
                                /** @enum {string} */
                                kind: "alert" | "page" | "acknowledged" | "resolved" | "event" | "snapshot" | "note" | "closed" | "work_order";
                                snapshotId: string | null;
                                text: string;
                                userId: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incidentId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alertCount: number;
                            /** Format: date-time */
                            closedAt: string | null;
                            closedBy: string | null;
                            closeReason: string | null;
                            compoundId: string;
                            deviceId: string | null;
                            gatewayId: string | null;
                            id: string;
                            key: string;
                            kind: string;
                            /** Format: date-time */
                            lastAt: string;
                            /** Format: date-time */
                            openedAt: string;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            /** @enum {string} */
                            status: "open" | "closed";
                            title: string;
                            workOrderId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incidentId}/link-work-order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link an existing work order (both ways) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        workOrderId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alertCount: number;
                            /** Format: date-time */
                            closedAt: string | null;
                            closedBy: string | null;
                            closeReason: string | null;
                            compoundId: string;
                            deviceId: string | null;
                            gatewayId: string | null;
                            id: string;
                            key: string;
                            kind: string;
                            /** Format: date-time */
                            lastAt: string;
                            /** Format: date-time */
                            openedAt: string;
                            /** @enum {string} */
                            severity: "critical" | "high" | "medium" | "low";
                            /** @enum {string} */
                            status: "open" | "closed";
                            title: string;
                            workOrderId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incidentId}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alertId: string | null;
                            /** Format: date-time */
                            at: string;
                            eventId: string | null;
                            eventType: string | null;
                            /** @enum {string} */
                            kind: "alert" | "page" | "acknowledged" | "resolved" | "event" | "snapshot" | "note" | "closed" | "work_order";
                            snapshotId: string | null;
                            text: string;
                            userId: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{incidentId}/work-order": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create the linked work order in one step */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    incidentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default security
                         * @enum {string}
                         */
                        category?: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                        description?: string;
                        title?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acceptedAt: string | null;
                            assigneeId: string | null;
                            /** @enum {string} */
                            category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            /** Format: date-time */
                            dispatchedAt: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            id: string;
                            incidentId: string | null;
                            location: string | null;
                            mayMove?: boolean;
                            photoIds: string[];
                            rating: number | null;
                            ratingComment: string | null;
                            requestedBy: string;
                            slaBreached: boolean;
                            /** @enum {string} */
                            stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                            /** Format: date-time */
                            stepDueAt: string | null;
                            /** Format: date-time */
                            supervisedAt: string | null;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            verifiedAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notify-channels/{channelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a channel */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a channel */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channelId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        enabled?: boolean;
                        /** @enum {string} */
                        minSeverity?: "critical" | "high" | "medium" | "low";
                        name?: string;
                        secret?: string | null;
                        /** Format: uri */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            enabled: boolean;
                            hasSecret: boolean;
                            id: string;
                            /** @enum {string} */
                            kind: "wecom" | "dingtalk" | "feishu" | "webhook";
                            /** @enum {string} */
                            minSeverity: "critical" | "high" | "medium" | "low";
                            name: string;
                            urlMasked: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/notify-channels/{channelId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test message now and report what the robot answered */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channelId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivered: boolean;
                            error: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every compound of mine at a glance, problems first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            at: string;
                            compounds: {
                                compoundId: string;
                                devicesOnline: number;
                                devicesTotal: number;
                                eventsToday: number;
                                gateways: {
                                    ackAgeS: number | null;
                                    alive: boolean;
                                    id: string;
                                    name: string | null;
                                    revoked: boolean;
                                }[];
                                name: string;
                                onDuty: {
                                    displayName: string | null;
                                    postName: string;
                                }[];
                                openAlerts: {
                                    critical: number;
                                    high: number;
                                    low: number;
                                    medium: number;
                                    unacknowledged: number;
                                };
                                openOrders: number;
                                overdueOrders: number;
                                problems: ("critical_alert" | "gateway_offline" | "overdue_orders" | "devices_offline")[];
                            }[];
                            /** Format: date-time */
                            dayStartsAt: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/posts/{postId}/handover-notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notes: {
                                authorId: string;
                                authorName: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                postId: string;
                                text: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorId: string;
                            authorName: string | null;
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            postId: string;
                            text: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/posts/{postId}/rosters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rosters: {
                                /** Format: date-time */
                                anchorAt: string;
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                guardIds: string[];
                                id: string;
                                /** @enum {string} */
                                pattern: "24on48off" | "day_night_12h" | "custom";
                                postId: string;
                                shiftHours: number;
                                /** Format: date-time */
                                validUntil: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a rotation (24on48off, day_night_12h, custom) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        anchorAt: string;
                        guardIds: string[];
                        /** @enum {string} */
                        pattern: "24on48off" | "day_night_12h" | "custom";
                        shiftHours?: number;
                        /** Format: date-time */
                        validUntil?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            anchorAt: string;
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            guardIds: string[];
                            id: string;
                            /** @enum {string} */
                            pattern: "24on48off" | "day_night_12h" | "custom";
                            postId: string;
                            shiftHours: number;
                            /** Format: date-time */
                            validUntil: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/posts/{postId}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query: {
                    from: string;
                    to: string;
                };
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            shifts: {
                                /** Format: date-time */
                                endsAt: string;
                                guardId: string;
                                postId: string;
                                rosterId: string;
                                /** Format: date-time */
                                startsAt: string;
                                swappedFrom: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/posts/{postId}/swaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand a shift to another guard */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    postId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                        rosterId: string;
                        /** Format: date-time */
                        shiftStartsAt: string;
                        toGuardId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            fromGuardId: string;
                            id: string;
                            reason: string | null;
                            rosterId: string;
                            /** Format: date-time */
                            shiftStartsAt: string;
                            toGuardId: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/public/notices/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public notice board (no account) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compound: {
                                address: string | null;
                                community: string | null;
                                company: string | null;
                                name: string;
                            };
                            content: {
                                /** @default [] */
                                fees: {
                                    item: string;
                                    standard: string;
                                }[];
                                /** @default null */
                                finance: {
                                    income: {
                                        amount: number;
                                        item: string;
                                    }[];
                                    month: string;
                                    spending: {
                                        amount: number;
                                        item: string;
                                    }[];
                                } | null;
                                /** @default [] */
                                phones: {
                                    label: string;
                                    phone: string;
                                }[];
                                /** @default  */
                                rules: string;
                                /** @default [] */
                                safetyNotices: {
                                    /** @default  */
                                    body: string;
                                    date: string;
                                    title: string;
                                }[];
                                /** @default [] */
                                services: {
                                    /** @default  */
                                    detail: string;
                                    name: string;
                                }[];
                            };
                            financeTotals: {
                                balance: number;
                                income: number;
                                spending: number;
                            } | null;
                            /** Format: date-time */
                            generatedAt: string;
                            onDuty: {
                                name: string;
                                phone: string | null;
                                post: string;
                            }[];
                            /** Format: date-time */
                            publishedAt: string | null;
                            version: number;
                            workOrders: {
                                closedThisMonth: number;
                                latest: {
                                    category: string;
                                    closedOn: string | null;
                                    createdOn: string;
                                    /** @enum {string} */
                                    stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                                }[];
                                month: string;
                                onTimeRate: number | null;
                                open: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/releases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Releases of the edge agent */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            releases: {
                                /** Format: date-time */
                                addedAt: string;
                                addedBy: string;
                                builtFor: {
                                    [key: string]: unknown;
                                };
                                bytes: number;
                                sha256: string;
                                version: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a release (the raw tarball from `npm run package`); it is signed with the cloud key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            addedAt: string;
                            addedBy: string;
                            builtFor: {
                                [key: string]: unknown;
                            };
                            bytes: number;
                            sha256: string;
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/monthly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Monthly report: cases, on-time per step, callback satisfaction, alerts */
        get: {
            parameters: {
                query: {
                    id?: string;
                    month: string;
                    scope?: "compound" | "company" | "street";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: {
                                alerts: {
                                    acknowledged: number;
                                    avgAckS: number | null;
                                    avgResolveS: number | null;
                                    raised: number;
                                };
                                callbacks: {
                                    answered: number;
                                    due: number;
                                    satisfactionRate: number | null;
                                    satisfied: number;
                                    unreachable: number;
                                };
                                cases: number;
                                casesPerDay: number;
                                closed: number;
                                closedOnTime: number;
                                compoundIds: string[];
                                headline: string;
                                id: string;
                                month: string;
                                name: string;
                                onTimeRate: number | null;
                                /** @enum {string} */
                                scope: "compound" | "company" | "street";
                                steps: {
                                    accept: {
                                        moves: number;
                                        onTime: number;
                                        rate: number | null;
                                    };
                                    dispatch: {
                                        moves: number;
                                        onTime: number;
                                        rate: number | null;
                                    };
                                    supervise: {
                                        moves: number;
                                        onTime: number;
                                        rate: number | null;
                                    };
                                    verify: {
                                        moves: number;
                                        onTime: number;
                                        rate: number | null;
                                    };
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/reports/monthly.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same as CSV (UTF-8 with BOM) */
        get: {
            parameters: {
                query: {
                    id?: string;
                    month: string;
                    scope?: "compound" | "company" | "street";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rollouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rollouts that reach the caller's compounds, with each gateway's version and progress */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rollouts: {
                                counts: {
                                    [key: string]: number;
                                };
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                id: string;
                                pausedReason: string | null;
                                percent: number;
                                scope: {
                                    id: string;
                                    /** @enum {string} */
                                    kind: "compound" | "company";
                                };
                                /** @enum {string} */
                                stage: "one" | "percent" | "all";
                                /** @enum {string} */
                                state: "running" | "paused" | "done";
                                targets: {
                                    agentVersion: string | null;
                                    compoundId: string;
                                    /** Format: date-time */
                                    finishedAt: string | null;
                                    fromVersion: string | null;
                                    gatewayId: string;
                                    gatewayName: string | null;
                                    reason: string | null;
                                    /** Format: date-time */
                                    sentAt: string | null;
                                    /** @enum {string} */
                                    state: "pending" | "sent" | "updated" | "rolled_back" | "failed";
                                }[];
                                version: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Start a rollout of a release to a compound or a company */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        companyId?: string;
                        compoundId?: string;
                        healthDeadlineS?: number;
                        percent?: number;
                        /**
                         * @default one
                         * @enum {string}
                         */
                        stage?: "one" | "percent" | "all";
                        version: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                [key: string]: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            pausedReason: string | null;
                            percent: number;
                            scope: {
                                id: string;
                                /** @enum {string} */
                                kind: "compound" | "company";
                            };
                            /** @enum {string} */
                            stage: "one" | "percent" | "all";
                            /** @enum {string} */
                            state: "running" | "paused" | "done";
                            targets: {
                                agentVersion: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                finishedAt: string | null;
                                fromVersion: string | null;
                                gatewayId: string;
                                gatewayName: string | null;
                                reason: string | null;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                state: "pending" | "sent" | "updated" | "rolled_back" | "failed";
                            }[];
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rollouts/{rolloutId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a rollout (no more gateways get it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    rolloutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                [key: string]: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            pausedReason: string | null;
                            percent: number;
                            scope: {
                                id: string;
                                /** @enum {string} */
                                kind: "compound" | "company";
                            };
                            /** @enum {string} */
                            stage: "one" | "percent" | "all";
                            /** @enum {string} */
                            state: "running" | "paused" | "done";
                            targets: {
                                agentVersion: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                finishedAt: string | null;
                                fromVersion: string | null;
                                gatewayId: string;
                                gatewayName: string | null;
                                reason: string | null;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                state: "pending" | "sent" | "updated" | "rolled_back" | "failed";
                            }[];
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rollouts/{rolloutId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a paused rollout */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    rolloutId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                [key: string]: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            pausedReason: string | null;
                            percent: number;
                            scope: {
                                id: string;
                                /** @enum {string} */
                                kind: "compound" | "company";
                            };
                            /** @enum {string} */
                            stage: "one" | "percent" | "all";
                            /** @enum {string} */
                            state: "running" | "paused" | "done";
                            targets: {
                                agentVersion: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                finishedAt: string | null;
                                fromVersion: string | null;
                                gatewayId: string;
                                gatewayName: string | null;
                                reason: string | null;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                state: "pending" | "sent" | "updated" | "rolled_back" | "failed";
                            }[];
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rollouts/{rolloutId}/stage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a rollout to its next stage (one gateway, a percentage, all) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    rolloutId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        percent?: number;
                        /** @enum {string} */
                        stage: "one" | "percent" | "all";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                [key: string]: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            id: string;
                            pausedReason: string | null;
                            percent: number;
                            scope: {
                                id: string;
                                /** @enum {string} */
                                kind: "compound" | "company";
                            };
                            /** @enum {string} */
                            stage: "one" | "percent" | "all";
                            /** @enum {string} */
                            state: "running" | "paused" | "done";
                            targets: {
                                agentVersion: string | null;
                                compoundId: string;
                                /** Format: date-time */
                                finishedAt: string | null;
                                fromVersion: string | null;
                                gatewayId: string;
                                gatewayName: string | null;
                                reason: string | null;
                                /** Format: date-time */
                                sentAt: string | null;
                                /** @enum {string} */
                                state: "pending" | "sent" | "updated" | "rolled_back" | "failed";
                            }[];
                            version: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/rosters/{rosterId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    rosterId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            snapshots: {
                                bytes: number;
                                compoundId: string;
                                contentType: string;
                                deviceId: string | null;
                                gatewayId: string | null;
                                id: string;
                                /** Format: date-time */
                                takenAt: string;
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/snapshots/{snapshotId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The image (users of that compound only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    snapshotId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users of my compounds */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: {
                                compoundIds: string[];
                                /** Format: date-time */
                                createdAt: string;
                                disabled: boolean;
                                displayName: string;
                                gateIds: string[];
                                id: string;
                                leaseEndsOn: string | null;
                                phone: string | null;
                                /** @enum {string} */
                                role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                                /** @enum {string|null} */
                                team: "security" | "cleaning" | "service" | "repairs" | "finance" | null;
                                username: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        compoundIds?: string[];
                        displayName: string;
                        /** @default [] */
                        gateIds?: string[];
                        leaseEndsOn?: string;
                        password: string;
                        phone?: string;
                        /** @enum {string} */
                        role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                        /** @enum {string} */
                        team?: "security" | "cleaning" | "service" | "repairs" | "finance";
                        username: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            gateIds: string[];
                            id: string;
                            leaseEndsOn: string | null;
                            phone: string | null;
                            /** @enum {string} */
                            role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                            /** @enum {string|null} */
                            team: "security" | "cleaning" | "service" | "repairs" | "finance" | null;
                            username: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        compoundIds?: string[];
                        disabled?: boolean;
                        displayName?: string;
                        gateIds?: string[];
                        leaseEndsOn?: string | null;
                        password?: string;
                        phone?: string | null;
                        /** @enum {string|null} */
                        team?: "security" | "cleaning" | "service" | "repairs" | "finance" | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            compoundIds: string[];
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            displayName: string;
                            gateIds: string[];
                            id: string;
                            leaseEndsOn: string | null;
                            phone: string | null;
                            /** @enum {string} */
                            role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                            /** @enum {string|null} */
                            team: "security" | "cleaning" | "service" | "repairs" | "finance" | null;
                            username: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/visitor-passes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Visitor passes (residents: their own) */
        get: {
            parameters: {
                query?: {
                    compoundId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            passes: {
                                code: string;
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                gateId: string;
                                id: string;
                                issuedBy: string;
                                maxUses: number;
                                revoked: boolean;
                                uses: number;
                                /** Format: date-time */
                                validFrom: string;
                                /** Format: date-time */
                                validUntil: string;
                                visitorName: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Issue a visitor pass */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        gateId: string;
                        /** @default 1 */
                        maxUses?: number;
                        /** Format: date-time */
                        validFrom?: string;
                        /** Format: date-time */
                        validUntil: string;
                        visitorName?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            gateId: string;
                            id: string;
                            issuedBy: string;
                            maxUses: number;
                            revoked: boolean;
                            uses: number;
                            /** Format: date-time */
                            validFrom: string;
                            /** Format: date-time */
                            validUntil: string;
                            visitorName: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitor-passes/{code}/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A visitor opens the gate with a pass code (no session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commandId: string;
                            gateId: string;
                            gatewayLatencyMs?: number;
                            latencyMs: number;
                            outcome?: string;
                            /** @enum {string} */
                            status: "ok" | "error";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/visitor-passes/{passId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a visitor pass */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    passId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-order-photos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a photo (raw image body) */
        post: {
            parameters: {
                query: {
                    compoundId: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bytes: number;
                            id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-order-photos/{photoId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    photoId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: {
                    assignee?: "me";
                    before?: string;
                    category?: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                    compoundId?: string;
                    from?: string;
                    limit?: number;
                    q?: string;
                    stage?: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                    status?: "open" | "closed";
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            nextBefore?: string | null;
                            workOrders: {
                                /** Format: date-time */
                                acceptedAt: string | null;
                                assigneeId: string | null;
                                /** @enum {string} */
                                category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                description: string | null;
                                /** Format: date-time */
                                dispatchedAt: string | null;
                                /** Format: date-time */
                                dueAt: string;
                                id: string;
                                incidentId: string | null;
                                location: string | null;
                                mayMove?: boolean;
                                photoIds: string[];
                                rating: number | null;
                                ratingComment: string | null;
                                requestedBy: string;
                                slaBreached: boolean;
                                /** @enum {string} */
                                stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                                /** Format: date-time */
                                stepDueAt: string | null;
                                /** Format: date-time */
                                supervisedAt: string | null;
                                title: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                verifiedAt: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** A repair request (点单) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                        compoundId: string;
                        description?: string;
                        location?: string;
                        /** @default [] */
                        photoIds?: string[];
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acceptedAt: string | null;
                            assigneeId: string | null;
                            /** @enum {string} */
                            category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            /** Format: date-time */
                            dispatchedAt: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            id: string;
                            incidentId: string | null;
                            location: string | null;
                            mayMove?: boolean;
                            photoIds: string[];
                            rating: number | null;
                            ratingComment: string | null;
                            requestedBy: string;
                            slaBreached: boolean;
                            /** @enum {string} */
                            stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                            /** Format: date-time */
                            stepDueAt: string | null;
                            /** Format: date-time */
                            supervisedAt: string | null;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            verifiedAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            comments: {
                                authorId: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                photoIds: string[];
                                text: string;
                            }[];
                            history: {
                                /** Format: date-time */
                                at: string;
                                byName: string | null;
                                byRole: string | null;
                                byUserId: string;
                                /** Format: date-time */
                                dueAt: string | null;
                                /** @enum {string|null} */
                                fromStage: "requested" | "dispatched" | "accepted" | "supervised" | "verified" | null;
                                note: string | null;
                                onTime: boolean | null;
                                photoIds: string[];
                                /** @enum {string} */
                                toStage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                            }[];
                            workOrder: {
                                /** Format: date-time */
                                acceptedAt: string | null;
                                assigneeId: string | null;
                                /** @enum {string} */
                                category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                                compoundId: string;
                                /** Format: date-time */
                                createdAt: string;
                                description: string | null;
                                /** Format: date-time */
                                dispatchedAt: string | null;
                                /** Format: date-time */
                                dueAt: string;
                                id: string;
                                incidentId: string | null;
                                location: string | null;
                                mayMove?: boolean;
                                photoIds: string[];
                                rating: number | null;
                                ratingComment: string | null;
                                requestedBy: string;
                                slaBreached: boolean;
                                /** @enum {string} */
                                stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                                /** Format: date-time */
                                stepDueAt: string | null;
                                /** Format: date-time */
                                supervisedAt: string | null;
                                title: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** Format: date-time */
                                verifiedAt: string | null;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}/assignees": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whom this order can be dispatched to (for whoever may dispatch it) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assignees: {
                                displayName: string;
                                id: string;
                                /** @enum {string} */
                                role: "admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default [] */
                        photoIds?: string[];
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorId: string;
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            photoIds: string[];
                            text: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}/moves": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The next move and whether I may make it (the console shows only my buttons) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowed: boolean;
                            /** @enum {string|null} */
                            next: "request" | "dispatch" | "accept" | "supervise" | "verify" | null;
                            reason: string | null;
                            roles: ("admin" | "manager" | "guard" | "staff" | "installer" | "resident" | "grid_leader" | "committee" | "community" | "street")[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Satisfaction 1-5 after 验单 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                        rating: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acceptedAt: string | null;
                            assigneeId: string | null;
                            /** @enum {string} */
                            category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            /** Format: date-time */
                            dispatchedAt: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            id: string;
                            incidentId: string | null;
                            location: string | null;
                            mayMove?: boolean;
                            photoIds: string[];
                            rating: number | null;
                            ratingComment: string | null;
                            requestedBy: string;
                            slaBreached: boolean;
                            /** @enum {string} */
                            stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                            /** Format: date-time */
                            stepDueAt: string | null;
                            /** Format: date-time */
                            supervisedAt: string | null;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            verifiedAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/{workOrderId}/transition": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** 派单 / 接单 / 督单 / 验单 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workOrderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assigneeId?: string;
                        note?: string;
                        /** @default [] */
                        photoIds?: string[];
                        /** @enum {string} */
                        to: "dispatched" | "accepted" | "supervised" | "verified";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            acceptedAt: string | null;
                            assigneeId: string | null;
                            /** @enum {string} */
                            category: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                            compoundId: string;
                            /** Format: date-time */
                            createdAt: string;
                            description: string | null;
                            /** Format: date-time */
                            dispatchedAt: string | null;
                            /** Format: date-time */
                            dueAt: string;
                            id: string;
                            incidentId: string | null;
                            location: string | null;
                            mayMove?: boolean;
                            photoIds: string[];
                            rating: number | null;
                            ratingComment: string | null;
                            requestedBy: string;
                            slaBreached: boolean;
                            /** @enum {string} */
                            stage: "requested" | "dispatched" | "accepted" | "supervised" | "verified";
                            /** Format: date-time */
                            stepDueAt: string | null;
                            /** Format: date-time */
                            supervisedAt: string | null;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** Format: date-time */
                            verifiedAt: string | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Categories and their due times */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categories: {
                                dueHours: number;
                                en: string;
                                /** @enum {string} */
                                id: "security" | "fire_risk" | "gate_fault" | "blocked_drain" | "rubbish" | "parking" | "lighting" | "roof_leak" | "pothole" | "ads_clutter" | "other";
                                zh: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/work-orders/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** On-time completion and satisfaction per compound for a month */
        get: {
            parameters: {
                query: {
                    compoundId?: string;
                    month: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: {
                                avgSatisfaction: number | null;
                                breached: number;
                                closed: number;
                                closedOnTime: number;
                                compoundId: string;
                                created: number;
                                month: string;
                                onTimeRate: number | null;
                                ratings: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
