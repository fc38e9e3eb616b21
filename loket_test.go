package loket

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCodesMatchThroughWrapping(t *testing.T) {
	err := fmt.Errorf("store: ticket 7: %w", Errorf(ENotFound, "ticket 7 not found"))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
		t.Fatalf("errors.Is on %v", err)
	}
	if ErrorCode(err) != ENotFound || ErrorMessage(err) != "ticket 7 not found" {
		t.Fatalf("code %q message %q", ErrorCode(err), ErrorMessage(err))
	}
	if ErrorCode(errors.New("boom")) != EInternal || ErrorCode(nil) != "" {
		t.Fatal("a plain error is internal, nil has no code")
	}
}

func TestParseLangAndRoles(t *testing.T) {
	for in, want := range map[string]Lang{"en-US": LangEN, "EN": LangEN, "id-ID": LangID, "": LangID, "e": LangID, "fr": LangID} {
		if got := ParseLang(in); got != want {
			t.Errorf("ParseLang(%q) = %q, want %q", in, got, want)
		}
	}
	if !RoleAdmin.AtLeast(RoleSupervisor) || RoleAgent.AtLeast(RoleSupervisor) || Role("boss").AtLeast(RoleAgent) {
		t.Fatal("role ranks")
	}
	for _, s := range TicketStatuses {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if StatusClosed.Open() || StatusCancelled.Open() || !StatusNeedsFix.Open() {
		t.Fatal("open statuses")
	}
	tk := Ticket{Number: 1001}
	if tk.Ref() != "#1001" {
		t.Fatal(tk.Ref())
	}
}
