import CDBus

/// Nesting limit for values we read or write. The D-Bus specification allows 32 levels of
/// arrays plus 32 of structs; variants are checked here too because libdbus does not
/// bound them by signature.
let dbusMaximumDepth = 64

// MARK: - Validation

extension DBusValue {
    /// Checks that libdbus will accept this value: strings without NUL, valid object paths
    /// and signatures, array elements matching the declared element signature, basic
    /// dictionary keys, non-empty structs, bounded nesting, and a valid overall signature.
    public func validate() throws(DBusError) {
        try validate(depth: 0)
        guard dbus_signature_validate_single(signature, nil) != 0 else {
            throw DBusError.invalidArgs("invalid or too deeply nested signature '\(signature.prefix(80))'")
        }
    }

    /// Validates an argument list (each value and the total signature length).
    static func validate(arguments: [DBusValue]) throws(DBusError) {
        for value in arguments { try value.validate() }
        let signature = DBusValue.signature(of: arguments)
        guard signature.isEmpty || dbus_signature_validate(signature, nil) != 0 else {
            throw DBusError.invalidArgs("invalid argument signature '\(signature.prefix(80))'")
        }
    }

    private func validate(depth: Int) throws(DBusError) {
        guard depth < dbusMaximumDepth else { throw DBusError.invalidArgs("value nested too deeply") }
        switch self {
        case .byte, .bool, .int16, .uint16, .int32, .uint32, .int64, .uint64, .double:
            return
        case .string(let s):
            guard !s.utf8.contains(0) else { throw DBusError.invalidArgs("string contains a NUL byte") }
        case .objectPath(let path):
            guard !path.utf8.contains(0), dbus_validate_path(path, nil) != 0 else {
                throw DBusError.invalidArgs("invalid object path '\(path.prefix(80))'")
            }
        case .signature(let sig):
            guard !sig.utf8.contains(0), dbus_signature_validate(sig, nil) != 0 else {
                throw DBusError.invalidArgs("invalid signature value '\(sig.prefix(80))'")
            }
        case .array(let elementSignature, let elements):
            guard dbus_signature_validate_single(elementSignature, nil) != 0 else {
                throw DBusError.invalidArgs("invalid array element signature '\(elementSignature.prefix(80))'")
            }
            for element in elements {
                guard element.signature == elementSignature else {
                    throw DBusError.invalidArgs("array element '\(element.signature.prefix(80))' is not '\(elementSignature.prefix(80))'")
                }
                try element.validate(depth: depth + 1)
            }
        case .dictionary(let keySignature, let valueSignature, let entries):
            guard keySignature.utf8.count == 1, let code = keySignature.utf8.first,
                dbus_type_is_basic(Int32(code)) != 0
            else { throw DBusError.invalidArgs("dictionary key '\(keySignature.prefix(80))' is not a basic type") }
            guard dbus_signature_validate_single(valueSignature, nil) != 0 else {
                throw DBusError.invalidArgs("invalid dictionary value signature '\(valueSignature.prefix(80))'")
            }
            for entry in entries {
                guard entry.key.signature == keySignature, entry.value.signature == valueSignature else {
                    throw DBusError.invalidArgs("dictionary entry does not match a{\(keySignature)\(valueSignature.prefix(80))}")
                }
                try entry.key.validate(depth: depth + 1)
                try entry.value.validate(depth: depth + 1)
            }
        case .variant(let inner):
            try inner.validate(depth: depth + 1)
        case .structure(let fields):
            guard !fields.isEmpty else { throw DBusError.invalidArgs("empty struct") }
            for field in fields { try field.validate(depth: depth + 1) }
        }
    }
}

// MARK: - Writing

extension DBusValue {
    /// Appends already-validated values to a message. Returns false only when libdbus is out
    /// of memory.
    static func append(_ values: [DBusValue], to message: OpaquePointer) -> Bool {
        var iter = DBusMessageIter()
        dbus_message_iter_init_append(message, &iter)
        for value in values where !value.append(to: &iter) { return false }
        return true
    }

    /// Appends this (validated) value at `iter`.
    func append(to iter: inout DBusMessageIter) -> Bool {
        switch self {
        case .byte(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_BYTE, &v) != 0
        case .bool(let b):
            var v: dbus_bool_t = b ? 1 : 0
            return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_BOOLEAN, &v) != 0
        case .int16(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_INT16, &v) != 0
        case .uint16(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_UINT16, &v) != 0
        case .int32(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_INT32, &v) != 0
        case .uint32(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_UINT32, &v) != 0
        case .int64(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_INT64, &v) != 0
        case .uint64(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_UINT64, &v) != 0
        case .double(var v): return dbus_message_iter_append_basic(&iter, CDBUS_TYPE_DOUBLE, &v) != 0
        case .string(let s): return Self.appendString(s, type: CDBUS_TYPE_STRING, to: &iter)
        case .objectPath(let s): return Self.appendString(s, type: CDBUS_TYPE_OBJECT_PATH, to: &iter)
        case .signature(let s): return Self.appendString(s, type: CDBUS_TYPE_SIGNATURE, to: &iter)
        case .array(let elementSignature, let elements):
            return Self.withContainer(CDBUS_TYPE_ARRAY, signature: elementSignature, in: &iter) { sub in
                elements.allSatisfy { $0.append(to: &sub) }
            }
        case .dictionary(let keySignature, let valueSignature, let entries):
            return Self.withContainer(CDBUS_TYPE_ARRAY, signature: "{" + keySignature + valueSignature + "}", in: &iter) { sub in
                entries.allSatisfy { entry in
                    Self.withContainer(CDBUS_TYPE_DICT_ENTRY, signature: nil, in: &sub) { pair in
                        entry.key.append(to: &pair) && entry.value.append(to: &pair)
                    }
                }
            }
        case .variant(let inner):
            return Self.withContainer(CDBUS_TYPE_VARIANT, signature: inner.signature, in: &iter) { sub in
                inner.append(to: &sub)
            }
        case .structure(let fields):
            return Self.withContainer(CDBUS_TYPE_STRUCT, signature: nil, in: &iter) { sub in
                fields.allSatisfy { $0.append(to: &sub) }
            }
        }
    }

    private static func appendString(_ s: String, type: Int32, to iter: inout DBusMessageIter) -> Bool {
        s.withCString { cString in
            var pointer: UnsafePointer<CChar>? = cString
            return dbus_message_iter_append_basic(&iter, type, &pointer) != 0 // libdbus copies
        }
    }

    private static func withContainer(
        _ type: Int32, signature: String?, in iter: inout DBusMessageIter,
        _ body: (inout DBusMessageIter) -> Bool
    ) -> Bool {
        var sub = DBusMessageIter()
        let opened: Bool
        if let signature {
            opened = signature.withCString { dbus_message_iter_open_container(&iter, type, $0, &sub) } != 0
        } else {
            opened = dbus_message_iter_open_container(&iter, type, nil, &sub) != 0
        }
        guard opened else { return false }
        guard body(&sub) else {
            dbus_message_iter_abandon_container(&iter, &sub)
            return false
        }
        return dbus_message_iter_close_container(&iter, &sub) != 0
    }
}

// MARK: - Reading

extension DBusValue {
    /// Reads every argument of a message.
    static func readArguments(of message: OpaquePointer) throws(DBusError) -> [DBusValue] {
        var iter = DBusMessageIter()
        guard dbus_message_iter_init(message, &iter) != 0 else { return [] } // no arguments
        return try readSequence(&iter, depth: 0)
    }

    private static func readSequence(_ iter: inout DBusMessageIter, depth: Int) throws(DBusError) -> [DBusValue] {
        var values: [DBusValue] = []
        while dbus_message_iter_get_arg_type(&iter) != CDBUS_TYPE_INVALID {
            values.append(try read(&iter, depth: depth))
            dbus_message_iter_next(&iter)
        }
        return values
    }

    private static func basic<T: BitwiseCopyable>(_ iter: inout DBusMessageIter, _ initial: T) -> T {
        var value = initial
        dbus_message_iter_get_basic(&iter, &value)
        return value
    }

    private static func basicString(_ iter: inout DBusMessageIter) -> String {
        var pointer: UnsafePointer<CChar>? = nil
        dbus_message_iter_get_basic(&iter, &pointer)
        return pointer.map { String(cString: $0) } ?? ""
    }

    /// Reads the value at `iter` (does not advance it).
    package static func read(_ iter: inout DBusMessageIter, depth: Int) throws(DBusError) -> DBusValue {
        guard depth < dbusMaximumDepth else { throw DBusError.invalidArgs("value nested too deeply") }
        let type = dbus_message_iter_get_arg_type(&iter)
        switch type {
        case CDBUS_TYPE_BYTE: return .byte(basic(&iter, UInt8(0)))
        case CDBUS_TYPE_BOOLEAN: return .bool(basic(&iter, dbus_bool_t(0)) != 0)
        case CDBUS_TYPE_INT16: return .int16(basic(&iter, Int16(0)))
        case CDBUS_TYPE_UINT16: return .uint16(basic(&iter, UInt16(0)))
        case CDBUS_TYPE_INT32: return .int32(basic(&iter, Int32(0)))
        case CDBUS_TYPE_UINT32: return .uint32(basic(&iter, UInt32(0)))
        case CDBUS_TYPE_INT64: return .int64(basic(&iter, Int64(0)))
        case CDBUS_TYPE_UINT64: return .uint64(basic(&iter, UInt64(0)))
        case CDBUS_TYPE_DOUBLE: return .double(basic(&iter, Double(0)))
        case CDBUS_TYPE_STRING: return .string(basicString(&iter))
        case CDBUS_TYPE_OBJECT_PATH: return .objectPath(basicString(&iter))
        case CDBUS_TYPE_SIGNATURE: return .signature(basicString(&iter))
        case CDBUS_TYPE_VARIANT:
            var sub = DBusMessageIter()
            dbus_message_iter_recurse(&iter, &sub)
            guard dbus_message_iter_get_arg_type(&sub) != CDBUS_TYPE_INVALID else {
                throw DBusError.invalidArgs("empty variant")
            }
            return .variant(try read(&sub, depth: depth + 1))
        case CDBUS_TYPE_STRUCT:
            var sub = DBusMessageIter()
            dbus_message_iter_recurse(&iter, &sub)
            return .structure(try readSequence(&sub, depth: depth + 1))
        case CDBUS_TYPE_ARRAY:
            return try readArray(&iter, depth: depth)
        default:
            // Unix fds (never fetched, so libdbus keeps ownership) and anything unknown.
            throw DBusError.invalidArgs("unsupported D-Bus type code \(type)")
        }
    }

    private static func readArray(_ iter: inout DBusMessageIter, depth: Int) throws(DBusError) -> DBusValue {
        guard let signaturePointer = dbus_message_iter_get_signature(&iter) else {
            throw DBusError.noMemory
        }
        let arraySignature = String(cString: signaturePointer)
        dbus_free(signaturePointer)
        let elementSignature = String(arraySignature.dropFirst()) // drop the leading "a"

        var sub = DBusMessageIter()
        dbus_message_iter_recurse(&iter, &sub)
        if dbus_message_iter_get_element_type(&iter) == CDBUS_TYPE_DICT_ENTRY {
            // "{kv}": key is one basic type code; the value is the rest.
            let inner = elementSignature.dropFirst().dropLast()
            let keySignature = String(inner.prefix(1))
            let valueSignature = String(inner.dropFirst())
            var entries: [DBusDictEntry] = []
            while dbus_message_iter_get_arg_type(&sub) == CDBUS_TYPE_DICT_ENTRY {
                var pair = DBusMessageIter()
                dbus_message_iter_recurse(&sub, &pair)
                let key = try read(&pair, depth: depth + 2)
                guard dbus_message_iter_next(&pair) != 0 else { throw DBusError.invalidArgs("dictionary entry without value") }
                let value = try read(&pair, depth: depth + 2)
                entries.append(DBusDictEntry(key: key, value: value))
                dbus_message_iter_next(&sub)
            }
            return .dictionary(keySignature: keySignature, valueSignature: valueSignature, entries)
        }
        var elements: [DBusValue] = []
        while dbus_message_iter_get_arg_type(&sub) != CDBUS_TYPE_INVALID {
            elements.append(try read(&sub, depth: depth + 1))
            dbus_message_iter_next(&sub)
        }
        return .array(elementSignature: elementSignature, elements)
    }
}
