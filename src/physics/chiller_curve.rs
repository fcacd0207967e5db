//! Chiller curves (temporary stub until the refdata branch lands).
#![allow(missing_docs)]
pub struct ChillerCurveSet;
impl ChillerCurveSet { pub fn is_water_cooled(&self) -> bool { true } }
pub struct CurveLibrary;
impl CurveLibrary {
    pub fn builtin() -> &'static CurveLibrary { &CurveLibrary }
    pub fn get(&self, _id: &str) -> Option<&ChillerCurveSet> { Some(&ChillerCurveSet) }
    pub fn suggest(&self, _id: &str) -> Option<&str> { None }
}
