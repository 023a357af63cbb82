package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
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

// fullDate matches protojson's form of a google.type.Date with all three parts: its fields come
// in field-number order, and inside a JSON string the quotes would be escaped, so nothing else
// the API sends can match (no other message has exactly these three fields).
var fullDate = regexp.MustCompile(`\{"year":\s*(\d{1,4}),\s*"month":\s*(\d{1,2}),\s*"day":\s*(\d{1,2})\}`)

func (m *dateMarshaler) Marshal(v any) ([]byte, error) {
	raw, err := m.JSONPb.Marshal(v)
	if err != nil {
		return raw, err
	}
	if msg, ok := v.(proto.Message); ok && !holdsDate(msg.ProtoReflect().Descriptor()) {
		return raw, nil
	}
	return fullDate.ReplaceAllFunc(raw, func(match []byte) []byte {
		parts := fullDate.FindSubmatch(match)
		year, _ := strconv.Atoi(string(parts[1]))
		month, _ := strconv.Atoi(string(parts[2]))
		day, _ := strconv.Atoi(string(parts[3]))
		return fmt.Appendf(nil, `"%04d-%02d-%02d"`, year, month, day)
	}), nil
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
		raw, err := json.Marshal(datesToObjects(msg.ProtoReflect().Descriptor(), tree))
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

// datesToObjects walks `node` (the JSON of a message of type `md`) and turns each ISO date string
// of a google.type.Date field into protojson's object.
func datesToObjects(md protoreflect.MessageDescriptor, node any) any {
	if md.FullName() == dateType {
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
					list[j] = datesToObjects(f.Message(), list[j])
				}
			} else {
				obj[key] = datesToObjects(f.Message(), value)
			}
		}
	}
	return obj
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
