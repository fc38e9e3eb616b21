package flows

import (
	"errors"
	"fmt"

	"loket"
)

// register saves the vendor, opens the registration ticket and tells the
// vendor what happens next: the document checklist (online) or where,
// when and which originals to bring (in person).
func (c *conv) register(online bool) error {
	in := c.st.In
	v, err := c.saveVendor(in)
	if err != nil {
		return err
	}
	c.turn.Contact.VendorID = v.ID
	iv, err := c.intakeView(in, online, loket.LangID)
	if err != nil {
		return err
	}
	desc, err := c.f.texts.render(loket.LangID, "desc.registration", &view{Office: c.profile(), In: iv})
	if err != nil {
		return err
	}
	status := loket.StatusNew
	if online {
		status = loket.StatusWaitingDocuments
	}
	t, err := c.openTicket(loket.TypeRegistration, status, desc)
	if err != nil {
		return fmt.Errorf("flows: registration: %w", err)
	}
	var checklist []string
	for _, r := range c.requirements(in.Form) {
		checklist = append(checklist, r.Key)
	}
	mode := "offline"
	if online {
		mode = "online"
	}
	if err := c.activity(t.ID, loket.ActNote, loket.ActorBot, "checklist", map[string]any{
		"event": "checklist", "form": in.Form, "online": online, "mode": mode, "count": len(checklist),
		"requirements": checklist}); err != nil {
		return err
	}
	out := c.view()
	out.Ref = t.Ref()
	if out.In, err = c.intakeView(in, online, c.lang()); err != nil {
		return err
	}
	if out.Detail, err = c.text("docs."+mode+"."+string(in.Form), out); err != nil {
		return err
	}
	c.enterTicket(t, false)
	c.st.In = nil // saved on the vendor and the ticket
	held, err := c.attachHeld(c.tx, t)
	if err != nil {
		return err
	}
	if held == "" {
		return c.say("reg.done_"+mode, out, opt{key: "btn.status", action: actStatus}, opt{key: "btn.menu", action: actMenu})
	}
	// Files sent before: what they cover and what is still missing follow
	// (docsFollowUp), not the whole list to prepare and send.
	done := "reg.done_" + mode
	if online {
		done = "reg.done_online_held"
	}
	if err := c.say(done, out); err != nil {
		return err
	}
	cl, err := c.loadChecklist(t)
	if err != nil {
		return err
	}
	return c.docsFollowUp(c.tx, t, cl, held)
}

// saveVendor reuses the vendor with the same NPWP (filling in what it
// lacks, never overwriting what an officer may have checked) or saves a
// new one.
func (c *conv) saveVendor(in *intake) (*loket.Vendor, error) {
	now := c.turn.Now
	var v *loket.Vendor
	if in.NPWP != "" {
		got, err := c.tx.VendorByNPWP(c.ctx, in.NPWP)
		switch {
		case err == nil:
			v = got
		case !errors.Is(err, loket.ErrNotFound):
			return nil, fmt.Errorf("flows: vendor by npwp: %w", err)
		}
	}
	if v == nil {
		v = &loket.Vendor{NPWP: in.NPWP, CreatedAt: now}
	}
	fill := func(dst *string, val string) {
		if *dst == "" {
			*dst = val
		}
	}
	fill(&v.Name, in.Name)
	fill(&v.SPSEUserID, in.User)
	fill(&v.DirectorName, in.Director)
	fill(&v.Phone, in.Phone)
	if !v.Form.Valid() {
		v.Form = in.Form
	}
	v.UpdatedAt = now
	if err := c.tx.SaveVendor(c.ctx, v); err != nil {
		return nil, fmt.Errorf("flows: save vendor: %w", err)
	}
	return v, nil
}

// intakeView renders the answers in words of one language.
func (c *conv) intakeView(in *intake, online bool, l loket.Lang) (intakeView, error) {
	mode := "btn.offline"
	if online {
		mode = "btn.online"
	}
	modeText, err := c.f.texts.render(l, mode, &view{Office: c.profile()})
	if err != nil {
		return intakeView{}, err
	}
	form, err := c.f.texts.render(l, "form."+string(in.Form), &view{Office: c.profile()})
	if err != nil {
		return intakeView{}, err
	}
	tax := FormatNPWP(in.NPWP)
	if tax == "" {
		tax = in.TaxID
	}
	return intakeView{Form: form, Name: in.Name, NPWP: tax, User: in.User,
		Director: in.Director, Phone: in.Phone, Mode: modeText}, nil
}

// formLabel names a business form in the conversation's language.
func (c *conv) formLabel(f loket.BusinessForm) string {
	if !f.Valid() {
		return ""
	}
	s, _ := c.text("form."+string(f), nil)
	return s
}
