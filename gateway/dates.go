package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sync"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// dateMarshaler is the JSON of the REST face: protojson, except that a google.type.Date is an
// ISO 8601 date string ("2026-12-05") instead of {"year":..,"month":..,"day":..}, as the OpenAPI
// document (gnostic) describes it and as a portal expects. Both forms are accepted on input.
type dateMarshaler struct {
	runtime.JSONPb
}

const dateType protoreflect.FullName = "google.type.Date"

func (m *dateMarshaler) Marshal(v any) ([]byte, error) {
	raw, err := m.JSONPb.Marshal(v)
	if err != nil {
		return raw, err
	}
	switch value := v.(type) {
	case proto.Message:
		if !holdsDate(value.ProtoReflect().Descriptor()) {
			return raw, nil
		}
		tree, err := decodeTree(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		return json.Marshal(convertDates(value.ProtoReflect().Descriptor(), tree, true))
	case map[string]proto.Message: // a server stream's chunk: {"result": message}
		tree, err := decodeTree(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		if obj, ok := tree.(map[string]any); ok {
			for key, msg := range value {
				if msg != nil {
					obj[key] = convertDates(msg.ProtoReflect().Descriptor(), obj[key], true)
				}
			}
		}
		return json.Marshal(tree)
	}
	return raw, nil
}

func (m *dateMarshaler) Unmarshal(data []byte, v any) error {
	return m.NewDecoder(bytes.NewReader(data)).Decode(v)
}

func (m *dateMarshaler) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		msg, ok := messageOf(v)
		if !ok || !holdsDate(msg.ProtoReflect().Descriptor()) {
			return m.JSONPb.NewDecoder(r).Decode(v)
		}
		tree, err := decodeTree(r)
		if err != nil {
			return err
		}
		raw, err := json.Marshal(convertDates(msg.ProtoReflect().Descriptor(), tree, false))
		if err != nil {
			return err
		}
		return m.JSONPb.Unmarshal(raw, msg)
	})
}

// messageOf: the message a decoder fills, given as *T or, for a body that is one field of the
// request (`body: "client"`), as **T (allocated here when nil).
func messageOf(v any) (proto.Message, bool) {
	if msg, ok := v.(proto.Message); ok {
		return msg, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Pointer {
		return nil, false
	}
	if rv.Elem().IsNil() {
		rv.Elem().Set(reflect.New(rv.Elem().Type().Elem()))
	}
	msg, ok := rv.Elem().Interface().(proto.Message)
	return msg, ok
}

func decodeTree(r io.Reader) (any, error) {
	decoder := json.NewDecoder(r)
	decoder.UseNumber()
	var tree any
	err := decoder.Decode(&tree)
	return tree, err
}

// convertDates walks `node` (the JSON of a message of type `md`) and turns each date into a
// string (toString) or each date string back into protojson's object.
func convertDates(md protoreflect.MessageDescriptor, node any, toString bool) any {
	if md.FullName() == dateType {
		return convertDate(node, toString)
	}
	obj, ok := node.(map[string]any)
	if !ok || !holdsDate(md) {
		return node
	}
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Message() == nil || f.IsMap() {
			continue
		}
		for _, key := range []string{f.JSONName(), string(f.Name())} {
			value, present := obj[key]
			if !present {
				continue
			}
			if list, isList := value.([]any); isList && f.IsList() {
				for j := range list {
					list[j] = convertDates(f.Message(), list[j], toString)
				}
			} else {
				obj[key] = convertDates(f.Message(), value, toString)
			}
		}
	}
	return obj
}

func convertDate(node any, toString bool) any {
	if toString {
		obj, ok := node.(map[string]any)
		if !ok {
			return node
		}
		year, month, day := number(obj["year"]), number(obj["month"]), number(obj["day"])
		if year == 0 || month == 0 || day == 0 {
			return node // a partial date (a year, a month) keeps protojson's form
		}
		return fmt.Sprintf("%04d-%02d-%02d", year, month, day)
	}
	text, ok := node.(string)
	if !ok {
		return node
	}
	date, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return node // protojson then refuses the field as malformed
	}
	return map[string]any{"year": date.Year(), "month": int(date.Month()), "day": date.Day()}
}

func number(v any) int64 {
	n, ok := v.(json.Number)
	if !ok {
		return 0
	}
	i, _ := n.Int64()
	return i
}

var dateHolders sync.Map // protoreflect.FullName -> bool

// holdsDate: whether a message of type `md` can contain a google.type.Date at any depth.
func holdsDate(md protoreflect.MessageDescriptor) bool {
	if known, ok := dateHolders.Load(md.FullName()); ok {
		return known.(bool)
	}
	result := searchDate(md, map[protoreflect.FullName]bool{})
	dateHolders.Store(md.FullName(), result)
	return result
}

func searchDate(md protoreflect.MessageDescriptor, seen map[protoreflect.FullName]bool) bool {
	if md.FullName() == dateType {
		return true
	}
	if seen[md.FullName()] {
		return false
	}
	seen[md.FullName()] = true
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		if f := fields.Get(i); f.Message() != nil && !f.IsMap() && searchDate(f.Message(), seen) {
			return true
		}
	}
	return false
}
