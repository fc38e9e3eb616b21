package loket

// BookingSettingKey is the setting that holds the BookingRules; admins
// change it in the console and the flows read it, without a restart.
const BookingSettingKey = "booking"

// BookingRules are the admin-tunable rules of verification-call slots.
// Office windows and holidays live in their own tables.
type BookingRules struct {
	SlotMinutes int `json:"slot_minutes"` // length of one call
	Capacity    int `json:"capacity"`     // officers on duty per slot
	LeadMinutes int `json:"lead_minutes"` // earliest booking after now
	HorizonDays int `json:"horizon_days"` // working days offered, today included
}

// DefaultBookingRules: 20-minute slots, one officer, 2 hours ahead, 10
// working days.
func DefaultBookingRules() BookingRules {
	return BookingRules{SlotMinutes: 20, Capacity: 1, LeadMinutes: 120, HorizonDays: 10}
}

// Validate reports the first rule out of range as an EInvalid error.
func (r BookingRules) Validate() error {
	switch {
	case r.SlotMinutes < 5 || r.SlotMinutes > 240:
		return Errorf(EInvalid, "slot length must be 5–240 minutes")
	case r.Capacity < 1 || r.Capacity > 50:
		return Errorf(EInvalid, "officers per slot must be 1–50")
	case r.LeadMinutes < 0 || r.LeadMinutes > 14*24*60:
		return Errorf(EInvalid, "lead time must be 0–20160 minutes")
	case r.HorizonDays < 1 || r.HorizonDays > 60:
		return Errorf(EInvalid, "horizon must be 1–60 working days")
	}
	return nil
}
