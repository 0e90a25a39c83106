package extract

import (
	"sort"
	"strings"
	"testing"
)

// TestSpanishVocabulary checks each Spanish vocabulary entry and tissue word
// added for the Spanish real-text work: organ- and system-level condition
// classes, lay and regional terms, numbering variants of diabetes, and cell
// sources named by tissue or procedure ("grasa", "liposucción", "aspirado de
// médula"). want lists the (negated with "!") ids of the kind found in the
// sentence. The not-a-claim rows guard precision: a false claim in a
// published audit can be libel.
func TestSpanishVocabulary(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	for _, tt := range []struct {
		kind, text, want string
	}{
		// organ- and system-level classes: heart
		{KindCondition, "Tratamos enfermedades del corazón con células madre.", "heart-disease"},
		{KindCondition, "Las enfermedades coronarias y la enfermedad de las arterias coronarias.", "heart-disease"},
		{KindCondition, "Ayuda en trastornos cardiovasculares y en un trastorno cardiovascular previo.", "heart-disease"},
		{KindCondition, "Atendemos afecciones cardíacas y padecimientos cardíacos.", "heart-disease"},
		{KindCondition, "Padecimientos del corazón y males del corazón.", "heart-disease"},
		{KindCondition, "Enfermedades del sistema cardiovascular.", "heart-disease"},
		{KindCondition, "Pacientes con síndrome coronario agudo, angina de pecho o insuficiencia coronaria.", "heart-disease"},
		// lungs
		{KindCondition, "Terapia para enfermedades del pulmón y una enfermedad del pulmón avanzada.", "lung-disease"},
		{KindCondition, "Enfermedades de los pulmones.", "lung-disease"},
		{KindCondition, "Si tiene un problema pulmonar, consulte.", "lung-disease"},
		{KindCondition, "Padecimientos pulmonares y padecimientos respiratorios.", "lung-disease"},
		{KindCondition, "Afecciones pulmonares y afecciones respiratorias.", "lung-disease"},
		{KindCondition, "Enfermedades del aparato respiratorio y de las vías respiratorias.", "lung-disease"},
		{KindCondition, "Enfermedades de las vías respiratorias.", "lung-disease"},
		{KindCondition, "Neumopatía y neumopatías crónicas.", "lung-disease"},
		// nervous system
		{KindCondition, "Enfermedades del sistema nervioso y trastornos del sistema nervioso.", "neurological-disease"},
		{KindCondition, "Un trastorno neurológico o padecimientos neurológicos.", "neurological-disease"},
		{KindCondition, "Afecciones neurológicas y trastornos neurodegenerativos.", "neurological-disease"},
		{KindCondition, "Padecimientos neurodegenerativos.", "neurological-disease"},
		{KindCondition, "Enfermedades neuromusculares y una enfermedad neuromuscular rara.", "neurological-disease"},
		// immune system
		{KindCondition, "Enfermedades autoinmunitarias y una enfermedad autoinmunitaria.", "autoimmune-disease"},
		{KindCondition, "Trastornos autoinmunitarios, padecimientos autoinmunes y afecciones autoinmunes.", "autoimmune-disease"},
		{KindCondition, "Esto puede causar un trastorno autoinmune.", "autoimmune-disease"},
		// kidneys and liver
		{KindCondition, "Enfermedades renales y enfermedades renales crónicas.", "kidney-disease"},
		{KindCondition, "Enfermedad del riñón, enfermedades del riñón.", "kidney-disease"},
		{KindCondition, "Enfermedad de los riñones y enfermedades de los riñones.", "kidney-disease"},
		{KindCondition, "Enfermedades del hígado, enfermedad del hígado graso.", "liver-disease"},
		{KindCondition, "Hepatopatía y hepatopatías.", "liver-disease"},
		// numbering variants of diabetes
		{KindCondition, "Pacientes con diabetes mellitus tipo I.", "type-1-diabetes"},
		{KindCondition, "Pacientes con diabetes mellitus tipo II.", "type-2-diabetes"},
		{KindCondition, "Diabetes tipo uno.", "type-1-diabetes"},
		{KindCondition, "Diabetes tipo dos.", "type-2-diabetes"},
		{KindCondition, "Diabetes infantil.", "type-1-diabetes"},
		{KindCondition, "Diabetes no insulinodependiente.", "type-2-diabetes"},
		{KindCondition, "Diabetes tipo 1 y tipo 2.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipo I y tipo II.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipo I y II.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipos 1 y 2.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes mellitus tipo 1 y 2.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes mellitus tipo I y II.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes mellitus tipo I y tipo II.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes mellitus tipo 1 y tipo 2.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipo uno y tipo dos.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipo 1 o 2.", "type-1-diabetes type-2-diabetes"},
		{KindCondition, "Diabetes tipo I o II.", "type-1-diabetes type-2-diabetes"},
		// lay and regional terms
		{KindCondition, "La artritis degenerativa es frecuente.", "osteoarthritis"},
		{KindCondition, "Dolor en las articulaciones.", "joint-pain"},
		{KindCondition, "Dolor en la rodilla y dolor en las rodillas.", "joint-pain"},
		{KindCondition, "Dolor en la cadera y dolor en el hombro.", "joint-pain"},
		{KindCondition, "Dolor en la espalda.", "back-pain"},
		{KindCondition, "Dolor de columna.", "back-pain"},
		{KindCondition, "Dolor de cintura crónico.", "back-pain"},
		{KindCondition, "Dolor en el cuello.", "neck-pain"},
		// a class named in a denial is negated
		{KindCondition, "No tratamos enfermedades del corazón.", "!heart-disease"},
		// cell sources named by tissue or procedure
		{KindCellType, "Células madre obtenidas de su propia grasa abdominal.", "adipose-svf"},
		{KindCellType, "Extraemos células de la grasa mediante una liposucción.", "adipose-svf"},
		{KindCellType, "Las células madre se obtienen de tu propia grasa.", "adipose-svf"},
		{KindCellType, "Usamos tu propia grasa, rica en células regenerativas.", "adipose-svf"},
		{KindCellType, "Mediante una mini liposucción obtenemos el tejido graso.", "adipose-svf"},
		{KindCellType, "Una microliposucción permite aislar las células.", "adipose-svf"},
		{KindCellType, "Las células se obtienen por lipoaspiración del abdomen.", "adipose-svf"},
		{KindCellType, "El lipoaspirado se procesa en quirófano.", "adipose-svf"},
		{KindCellType, "Células madre derivadas de grasa y células madre derivadas de la grasa.", "adipose-svf"},
		{KindCellType, "Células madre mesenquimales de tejido adiposo.", "adipose-svf"},
		{KindCellType, "Células madre mesenquimales derivadas de tejido adiposo.", "adipose-svf"},
		{KindCellType, "Células madre mesenquimales del tejido adiposo.", "adipose-svf"},
		{KindCellType, "Células mesenquimales de tejido adiposo.", "adipose-svf"},
		{KindCellType, "Células estromales derivadas de tejido adiposo.", "adipose-svf"},
		{KindCellType, "Células derivadas de tejido adiposo.", "adipose-svf"},
		{KindCellType, "La fracción estromal se inyecta el mismo día.", "adipose-svf"},
		{KindCellType, "Grasa microfragmentada y tejido adiposo microfragmentado.", "adipose-svf"},
		{KindCellType, "Se toma un aspirado de médula para obtener células.", "bone-marrow"},
		{KindCellType, "El aspirado medular se concentra.", "bone-marrow"},
		{KindCellType, "Concentrado medular y concentrado de médula.", "bone-marrow"},
		{KindCellType, "Células de médula ósea.", "bone-marrow"},
		{KindCellType, "Células madre autólogas de médula ósea.", "bone-marrow"},
		{KindCellType, "Usamos su propia médula ósea o tu propia médula ósea.", "bone-marrow"},
		{KindCellType, "Jalea de Wharton.", "umbilical-cord"},
		{KindCellType, "Tejido del cordón umbilical.", "umbilical-cord"},
		{KindCellType, "Células madre del cordón.", "umbilical-cord"},
		{KindCellType, "Células madre de líquido amniótico y células madre del líquido amniótico.", "placental-amniotic"},
		{KindCellType, "Células madre de la placenta.", "placental-amniotic"},
		{KindCellType, "Células madre de membrana amniótica.", "placental-amniotic"},
		{KindCellType, "Tejido amniótico y aloinjerto amniótico.", "placental-amniotic"},
		{KindCellType, "Exosomas derivados de células madre.", "exosomes"},
		{KindCellType, "Exosomas de células madre.", "exosomes"},
		{KindCellType, "Exosomas de células madre mesenquimales.", "exosomes"},
		{KindCellType, "Exosomas derivados de células madre mesenquimales.", "exosomes"},
		{KindCellType, "Células troncales mesenquimales.", "mesenchymal"},
		// not a source: fat loss, fat in the body, fat as what cells become,
		// a harvest word with no cell word, a negated source
		{KindCellType, "Programas de pérdida de grasa y faciales con células madre.", "unspecified"},
		{KindCellType, "Reducción de grasa localizada y terapia celular.", "unspecified"},
		{KindCellType, "Las células madre mesenquimales pueden transformarse en hueso, cartílago, músculo o grasa.", "mesenchymal"},
		{KindCellType, "Las células madre se encuentran en la sangre y en la grasa.", "unspecified"},
		{KindCellType, "Eliminamos la grasa abdominal sin cirugía.", ""},
		{KindCellType, "La liposucción y la abdominoplastia se ofrecen en otra clínica.", ""},
		{KindCellType, "No usamos células de su grasa; usamos cordón umbilical.", "umbilical-cord"},
		{KindCellType, "Un exceso de grasa y de células inflamatorias.", ""},
	} {
		r, err := e.Extract(Input{URL: "http://clinica.example/", Body: []byte("<html lang=\"es\"><body><p>" + tt.text + "</p></body></html>")})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		var got []string
		for _, c := range r.Claims {
			if c.Kind != tt.kind {
				continue
			}
			k := c.ID
			if c.Negated {
				k = "!" + k
			}
			if !seen[k] {
				seen[k] = true
				got = append(got, k)
			}
		}
		sort.Strings(got)
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%q: %s = %q, want %q", tt.text, tt.kind, g, tt.want)
		}
	}
}

// TestSpanishCues checks the regional and lay cue patterns added to the es
// rows of seeds/cues.csv: regulators of Colombia, Argentina and Spain,
// their health insurers, booking words of Spain and Argentina, and cure,
// safety and testimonial wording. want is the cue id found, "" for none.
func TestSpanishCues(t *testing.T) {
	e, err := NewDefault()
	if err != nil {
		t.Fatal(err)
	}
	e.Entities = false
	for _, tt := range []struct {
		cue, text string
		want      bool
	}{
		{CueCure, "Un tratamiento curativo para la artrosis.", true},
		{CueCure, "Revertimos el daño y reparamos el cartílago.", true},
		{CueCure, "Una solución definitiva para su dolor.", true},
		{CueCure, "Alivio permanente sin cirugía.", true},
		{CueCure, "Pacientes que vuelven a ver: volver a ver es posible.", true},
		{CueCure, "La medicina regenerativa es un campo en investigación.", false},
		{CueSafety, "Sin efectos colaterales.", true},
		{CueSafety, "Riesgo cero para el paciente.", true},
		{CueSafety, "El procedimiento no tiene ningún riesgo.", true},
		{CueSafety, "No hay rechazo porque son sus propias células.", true},
		{CueSafety, "Como todo procedimiento, tiene riesgos.", false},
		{CueApproval, "Tratamiento aprobado por el INVIMA.", true},
		{CueApproval, "Producto autorizado por la ANMAT.", true},
		{CueApproval, "Terapia autorizada por la AEMPS.", true},
		{CueApproval, "Aprobado por el Ministerio de Salud.", true},
		{CueApproval, "Contamos con registro sanitario INVIMA.", true},
		{CueRegistered, "Laboratorio registrado ante el INVIMA.", true},
		{CueInsurance, "El tratamiento está cubierto por su EPS.", true},
		{CueInsurance, "Lo cubre la obra social.", true},
		{CueTestimonial, "Conozca casos reales de pacientes reales.", true},
		{CueBooking, "Pide tu cita hoy.", true},
		{CueBooking, "Sacá turno por WhatsApp.", true},
		{CueBooking, "Solicita una valoración sin compromiso.", true},
	} {
		r, err := e.Extract(Input{URL: "http://clinica.example/", Body: []byte("<html lang=\"es\"><body><p>" + tt.text + "</p></body></html>")})
		if err != nil {
			t.Fatal(err)
		}
		got := false
		for _, c := range r.Claims {
			if c.Kind == KindCue && c.ID == tt.cue {
				got = true
			}
		}
		if got != tt.want {
			t.Errorf("%q: cue %s = %v, want %v", tt.text, tt.cue, got, tt.want)
		}
	}
}
